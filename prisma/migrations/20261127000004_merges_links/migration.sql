-- Duplicates merged into one conversation (votes, followers and replies move; the old URL
-- leads on), and related topics linked both ways.

ALTER TABLE "topics" ADD COLUMN "merged_into_id" INTEGER;
ALTER TABLE "topics" ADD COLUMN "merged_at" TIMESTAMPTZ(3);
ALTER TABLE "topics" ADD CONSTRAINT "topics_merged_into_id_fkey"
    FOREIGN KEY ("merged_into_id") REFERENCES "topics"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "topic_links" (
    "from_id" INTEGER NOT NULL,
    "to_id" INTEGER NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "topic_links_pkey" PRIMARY KEY ("from_id", "to_id")
);

CREATE INDEX "topic_links_to_id_idx" ON "topic_links" ("to_id");

ALTER TABLE "topic_links" ADD CONSTRAINT "topic_links_from_id_fkey"
    FOREIGN KEY ("from_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "topic_links" ADD CONSTRAINT "topic_links_to_id_fkey"
    FOREIGN KEY ("to_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "topic_links" ADD CONSTRAINT "topic_links_created_by_id_fkey"
    FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
