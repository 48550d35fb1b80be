-- Realtime: every change to a topic is numbered per topic and kept, so a client that lost its
-- connection resubscribes with `after: <cursor>` and receives exactly what it missed.

ALTER TABLE "topics" ADD COLUMN "event_seq" INTEGER NOT NULL DEFAULT 0;

CREATE TYPE "TopicEventKind" AS ENUM ('POST_ADDED', 'POST_EDITED', 'POST_REMOVED', 'TOPIC_CHANGED');

CREATE TABLE "topic_events" (
    "topic_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" "TopicEventKind" NOT NULL,
    "post_id" INTEGER,
    "actor_id" INTEGER,
    -- Only employees may receive it (an internal note), decided when it was written; delivery
    -- re-checks the viewer's rights against the current rows as well.
    "internal" BOOLEAN NOT NULL DEFAULT false,
    -- What changed on the topic, e.g. {status,acceptedAnswer}.
    "changes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "topic_events_pkey" PRIMARY KEY ("topic_id", "seq")
);

ALTER TABLE "topic_events" ADD CONSTRAINT "topic_events_topic_id_fkey"
    FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
