-- Open to third parties (issue 7): webhook endpoints and their delivery log. API tokens and
-- the webhook outbox were created with the first migration.

-- One outbox row per fact, even when two instances notice it at once (e.g. a topic waiting
-- past the SLA): writers insert with ON CONFLICT DO NOTHING on this key.
ALTER TABLE "webhook_outbox" ADD COLUMN "dedupe_key" TEXT;
CREATE UNIQUE INDEX "webhook_outbox_dedupe_key_key" ON "webhook_outbox"("dedupe_key");

CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

CREATE TABLE "webhooks" (
    "id" SERIAL NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "events" TEXT[],
    -- Set by an admin on purpose: deliveries may then carry internal notes and hidden topics.
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    -- Signs deliveries (HMAC-SHA256), so it is kept as is, unlike token secrets.
    "secret" TEXT NOT NULL,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "webhook_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "webhook_id" INTEGER NOT NULL,
    -- The outbox row it fans out; null for a manual redelivery.
    "outbox_id" BIGINT,
    "event" TEXT NOT NULL,
    -- The exact JSON sent, built once with the webhook's rights; a redelivery resends it.
    "body" TEXT NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- A dispatcher's claim while it sends; a crashed one's claim lapses and another retries.
    "locked_until" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "response_status" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_outbox_id_key" ON "webhook_deliveries"("webhook_id", "outbox_id");
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");
CREATE INDEX "webhook_deliveries_webhook_id_id_idx" ON "webhook_deliveries"("webhook_id", "id" DESC);

ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_fkey"
    FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
