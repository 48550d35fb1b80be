-- Check-ins: a month after a problem is marked fixed or an idea ships, its author is asked
-- "Still happening?"; yes reopens the topic.

ALTER TYPE "NotificationKind" ADD VALUE 'CHECK_IN';

CREATE TABLE "check_ins" (
    "topic_id" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "asked_at" TIMESTAMPTZ(3),
    "answered_at" TIMESTAMPTZ(3),
    "still_happening" BOOLEAN,

    CONSTRAINT "check_ins_pkey" PRIMARY KEY ("topic_id")
);

CREATE INDEX "check_ins_asked_at_due_at_idx" ON "check_ins" ("asked_at", "due_at");

ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_topic_id_fkey"
    FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
