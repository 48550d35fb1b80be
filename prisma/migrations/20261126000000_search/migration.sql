-- Full-text search (issue 5). The Postgres engine keeps one row per searchable thing in
-- "search_documents", written by the indexer from the search outbox; the Meilisearch engine
-- receives the same documents. Triggers write the outbox rows in the same transaction as the
-- change, so every writer (mutations, seed, admin bootstrap, psql) is covered and a search
-- outage loses nothing.

-- Typo tolerance: trigram similarity on titles and people's names (in PGlite and PostgreSQL).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE "search_documents" (
    "entity" "SearchEntity" NOT NULL,
    "entity_id" INTEGER NOT NULL,
    -- The topic a topic or reply belongs to; null for people.
    "topic_id" INTEGER,
    -- A topic's title or a person's name (weight A, trigram typo tolerance); empty for replies.
    "title" TEXT NOT NULL DEFAULT '',
    -- A topic's tag names, or an employee's job title and expertise (weight B).
    "keywords" TEXT NOT NULL DEFAULT '',
    -- A topic's or reply's body, or a person's handle, department and bio (weight C).
    "body" TEXT NOT NULL DEFAULT '',
    -- Filters: the topic's tag slugs, category, status, kind, whether it has an accepted answer.
    "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "category_slug" TEXT,
    "status" "TopicStatus",
    "kind" "TopicKind",
    "author_kind" "UserKind",
    "answered" BOOLEAN NOT NULL DEFAULT false,
    -- This reply is its topic's accepted answer (ranks higher).
    "accepted" BOOLEAN NOT NULL DEFAULT false,
    -- Visibility: internal notes for employees only; hidden (or in a hidden topic) for moderators.
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "indexed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "vector" tsvector NOT NULL,

    CONSTRAINT "search_documents_pkey" PRIMARY KEY ("entity", "entity_id")
);

CREATE INDEX "search_documents_vector_idx" ON "search_documents" USING GIN ("vector");
CREATE INDEX "search_documents_title_idx" ON "search_documents" USING GIN ("title" gin_trgm_ops);
CREATE INDEX "search_documents_topic_id_idx" ON "search_documents"("topic_id");

-- The outbox, filled by triggers. Only changes to what is indexed enqueue anything: a vote or
-- a reply counter does not.
CREATE FUNCTION "search_outbox_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target_entity "SearchEntity";
    target_id INTEGER;
    target_row RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN target_row := OLD; ELSE target_row := NEW; END IF;
    CASE TG_TABLE_NAME
        WHEN 'topics' THEN target_entity := 'TOPIC'; target_id := target_row."id";
        WHEN 'topic_tags' THEN target_entity := 'TOPIC'; target_id := target_row."topic_id";
        WHEN 'posts' THEN target_entity := 'POST'; target_id := target_row."id";
        WHEN 'users' THEN target_entity := 'PERSON'; target_id := target_row."id";
        WHEN 'employee_profiles' THEN target_entity := 'PERSON'; target_id := target_row."user_id";
    END CASE;
    INSERT INTO "search_outbox" ("entity", "entity_id", "operation")
    VALUES (target_entity, target_id,
            CASE WHEN TG_OP = 'DELETE' AND TG_TABLE_NAME IN ('topics', 'posts', 'users')
                 THEN 'DELETE'::"OutboxOperation" ELSE 'UPSERT'::"OutboxOperation" END);
    RETURN NULL;
END
$$;

CREATE TRIGGER "topics_search_insert_delete" AFTER INSERT OR DELETE ON "topics"
    FOR EACH ROW EXECUTE FUNCTION "search_outbox_enqueue"();
CREATE TRIGGER "topics_search_update" AFTER UPDATE ON "topics"
    FOR EACH ROW WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."body" IS DISTINCT FROM NEW."body"
        OR OLD."kind" IS DISTINCT FROM NEW."kind" OR OLD."status" IS DISTINCT FROM NEW."status"
        OR OLD."category_id" IS DISTINCT FROM NEW."category_id" OR OLD."hidden" IS DISTINCT FROM NEW."hidden"
        OR OLD."accepted_answer_id" IS DISTINCT FROM NEW."accepted_answer_id")
    EXECUTE FUNCTION "search_outbox_enqueue"();

CREATE TRIGGER "topic_tags_search" AFTER INSERT OR DELETE ON "topic_tags"
    FOR EACH ROW EXECUTE FUNCTION "search_outbox_enqueue"();

CREATE TRIGGER "posts_search_insert_delete" AFTER INSERT OR DELETE ON "posts"
    FOR EACH ROW EXECUTE FUNCTION "search_outbox_enqueue"();
CREATE TRIGGER "posts_search_update" AFTER UPDATE ON "posts"
    FOR EACH ROW WHEN (OLD."body" IS DISTINCT FROM NEW."body" OR OLD."internal" IS DISTINCT FROM NEW."internal"
        OR OLD."hidden" IS DISTINCT FROM NEW."hidden" OR OLD."deleted_at" IS DISTINCT FROM NEW."deleted_at"
        OR OLD."topic_id" IS DISTINCT FROM NEW."topic_id")
    EXECUTE FUNCTION "search_outbox_enqueue"();

CREATE TRIGGER "users_search_insert_delete" AFTER INSERT OR DELETE ON "users"
    FOR EACH ROW EXECUTE FUNCTION "search_outbox_enqueue"();
CREATE TRIGGER "users_search_update" AFTER UPDATE ON "users"
    FOR EACH ROW WHEN (OLD."display_name" IS DISTINCT FROM NEW."display_name" OR OLD."handle" IS DISTINCT FROM NEW."handle"
        OR OLD."bio" IS DISTINCT FROM NEW."bio" OR OLD."kind" IS DISTINCT FROM NEW."kind")
    EXECUTE FUNCTION "search_outbox_enqueue"();

CREATE TRIGGER "employee_profiles_search" AFTER INSERT OR UPDATE OR DELETE ON "employee_profiles"
    FOR EACH ROW EXECUTE FUNCTION "search_outbox_enqueue"();

-- Content written before this migration is indexed by the first drain.
INSERT INTO "search_outbox" ("entity", "entity_id", "operation")
SELECT 'TOPIC', "id", 'UPSERT' FROM "topics";
INSERT INTO "search_outbox" ("entity", "entity_id", "operation")
SELECT 'POST', "id", 'UPSERT' FROM "posts";
INSERT INTO "search_outbox" ("entity", "entity_id", "operation")
SELECT 'PERSON', "id", 'UPSERT' FROM "users";
