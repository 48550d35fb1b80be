-- The search indexer and the webhook dispatcher poll their outboxes several times a second for
-- the rows not yet processed, oldest first. Processed rows stay for a day (search) or longer
-- (webhooks), so on a busy community the tables hold hundreds of thousands of rows of which a
-- handful are pending, and each poll read all of them (26-50 ms of PostgreSQL's time, four
-- times a second, measured with 226,000 processed rows). These indexes hold only the pending
-- rows, in id order. Prisma's schema cannot say WHERE; the drift guard compares key columns.
CREATE INDEX "search_outbox_pending_idx" ON "search_outbox"("id") WHERE "processed_at" IS NULL;
CREATE INDEX "webhook_outbox_pending_idx" ON "webhook_outbox"("id") WHERE "processed_at" IS NULL;
