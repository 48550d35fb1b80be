-- Escalations customers can see: a topic handed to a case keeps a public status and owner; the
-- case reference stays internal. The author confirms the resolution.

ALTER TYPE "NotificationKind" ADD VALUE 'ESCALATION';
ALTER TYPE "NotificationKind" ADD VALUE 'RESOLUTION_CHECK';

CREATE TYPE "EscalationStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'RESOLVED');

CREATE TABLE "escalations" (
    "topic_id" INTEGER NOT NULL,
    "case_reference" TEXT NOT NULL,
    "status" "EscalationStatus" NOT NULL DEFAULT 'OPEN',
    "owner_id" INTEGER NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolution_summary" TEXT,
    "confirmed" BOOLEAN,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "escalations_pkey" PRIMARY KEY ("topic_id")
);

CREATE INDEX "escalations_status_updated_at_idx" ON "escalations" ("status", "updated_at");

ALTER TABLE "escalations" ADD CONSTRAINT "escalations_topic_id_fkey"
    FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_owner_id_fkey"
    FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_created_by_id_fkey"
    FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
