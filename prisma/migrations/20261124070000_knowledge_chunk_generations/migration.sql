-- CreateTable
-- A persona's chunk generation: bumped by triggers on every statement that
-- inserts, updates or deletes its chunks (also by the cascade of a deleted
-- source), in that statement's transaction. The knowledge subgraph compares
-- it with its in-memory keyword index before each search.
CREATE TABLE "knowledge_chunk_generations" (
    "org_id" UUID NOT NULL,
    "persona_id" TEXT NOT NULL,
    "generation" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "knowledge_chunk_generations_pkey" PRIMARY KEY ("org_id","persona_id")
);

INSERT INTO "knowledge_chunk_generations" ("org_id", "persona_id", "generation")
SELECT DISTINCT "org_id", "persona_id", 1 FROM "knowledge_chunks";

-- rows of one statement, once per persona, in key order (concurrent writers lock in the same order)
CREATE FUNCTION "knowledge_chunks_bump_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "knowledge_chunk_generations" ("org_id", "persona_id", "generation")
  SELECT DISTINCT "org_id", "persona_id", 1 FROM "changed_rows" ORDER BY 1, 2
  ON CONFLICT ("org_id", "persona_id") DO UPDATE SET "generation" = "knowledge_chunk_generations"."generation" + 1;
  RETURN NULL;
END $$;

CREATE FUNCTION "knowledge_chunks_bump_generation_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "knowledge_chunk_generations" ("org_id", "persona_id", "generation")
  SELECT DISTINCT "org_id", "persona_id", 1 FROM (SELECT "org_id", "persona_id" FROM "old_rows" UNION SELECT "org_id", "persona_id" FROM "new_rows") AS "changed" ORDER BY 1, 2
  ON CONFLICT ("org_id", "persona_id") DO UPDATE SET "generation" = "knowledge_chunk_generations"."generation" + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER "knowledge_chunks_inserted" AFTER INSERT ON "knowledge_chunks"
  REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "knowledge_chunks_bump_generation"();
CREATE TRIGGER "knowledge_chunks_deleted" AFTER DELETE ON "knowledge_chunks"
  REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "knowledge_chunks_bump_generation"();
CREATE TRIGGER "knowledge_chunks_updated" AFTER UPDATE ON "knowledge_chunks"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "knowledge_chunks_bump_generation_on_update"();
