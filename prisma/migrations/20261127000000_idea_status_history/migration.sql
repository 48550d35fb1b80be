-- Ideas with accountable statuses: every change an employee makes is kept with its public
-- reason (and, for SHIPPED, the changelog link), and everyone involved is notified.

ALTER TYPE "NotificationKind" ADD VALUE 'IDEA_STATUS';

ALTER TABLE "topics" ADD COLUMN "idea_status_changed_at" TIMESTAMPTZ(3);

CREATE INDEX "topics_kind_idea_status_changed_at_id_idx"
    ON "topics" ("kind", "idea_status_changed_at" DESC, "id" DESC);

CREATE TABLE "idea_status_changes" (
    "id" SERIAL NOT NULL,
    "topic_id" INTEGER NOT NULL,
    "from_status" "IdeaStatus",
    "to_status" "IdeaStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "changelog_url" TEXT,
    "changed_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idea_status_changes_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "idea_status_changes_topic_id_created_at_id_idx"
    ON "idea_status_changes" ("topic_id", "created_at", "id");

ALTER TABLE "idea_status_changes" ADD CONSTRAINT "idea_status_changes_topic_id_fkey"
    FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "idea_status_changes" ADD CONSTRAINT "idea_status_changes_changed_by_id_fkey"
    FOREIGN KEY ("changed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
