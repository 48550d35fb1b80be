-- Search at scale (measured in docs/benchmarks.md): a second, small tsvector of a document's
-- head (a topic's title and tags, a person's name, title and expertise) under its own GIN
-- index, so search-as-you-type and title matches never scan the bodies of every reply; and
-- recency order, so a very common word ranks the newest matches instead of all of them.

ALTER TABLE "search_documents" ADD COLUMN "head" tsvector NOT NULL DEFAULT ''::tsvector;
UPDATE "search_documents"
   SET "head" = setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "keywords"), 'B');

CREATE INDEX "search_documents_head_idx" ON "search_documents" USING GIN ("head");
CREATE INDEX "search_documents_created_at_idx" ON "search_documents"("created_at" DESC);

-- Without autovacuum (embedded PGlite has none) a GIN index's pending list of fast-update
-- entries is scanned by every query until it fills up; write entries straight into the index.
ALTER INDEX "search_documents_vector_idx" SET (fastupdate = off);
ALTER INDEX "search_documents_head_idx" SET (fastupdate = off);
ALTER INDEX "search_documents_title_idx" SET (fastupdate = off);
