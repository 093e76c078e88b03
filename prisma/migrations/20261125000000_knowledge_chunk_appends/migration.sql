-- Lets the knowledge subgraph add newly committed chunks to a persona's
-- in-memory keyword index instead of reloading all of them.

-- The id of the transaction that last wrote the row (insert, or update by
-- the trigger below). A reader keeps the snapshot its index was loaded from;
-- the chunks written since are exactly those whose writer is not visible in
-- that snapshot, whatever order concurrent writers commit in.
ALTER TABLE "knowledge_chunks" ADD COLUMN "written_xid" xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX "knowledge_chunks_org_id_persona_id_written_xid_idx" ON "knowledge_chunks" ("org_id", "persona_id", "written_xid");

CREATE FUNCTION "knowledge_chunks_stamp_writer"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."written_xid" := pg_current_xact_id();
  RETURN NEW;
END $$;
CREATE TRIGGER "knowledge_chunks_stamp_writer" BEFORE UPDATE ON "knowledge_chunks"
  FOR EACH ROW EXECUTE FUNCTION "knowledge_chunks_stamp_writer"();

-- Bumped, besides generation, when chunks leave or change (delete, update):
-- a reader then also compares the ids it holds with those still there;
-- inserts alone only move generation.
ALTER TABLE "knowledge_chunk_generations" ADD COLUMN "reset_generation" BIGINT NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION "knowledge_chunks_bump_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "reset" BIGINT := CASE WHEN TG_OP = 'INSERT' THEN 0 ELSE 1 END;
BEGIN
  INSERT INTO "knowledge_chunk_generations" ("org_id", "persona_id", "generation", "reset_generation")
  SELECT DISTINCT "org_id", "persona_id", 1, "reset" FROM "changed_rows" ORDER BY 1, 2
  ON CONFLICT ("org_id", "persona_id") DO UPDATE SET "generation" = "knowledge_chunk_generations"."generation" + 1,
    "reset_generation" = "knowledge_chunk_generations"."reset_generation" + "reset";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "knowledge_chunks_bump_generation_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "knowledge_chunk_generations" ("org_id", "persona_id", "generation", "reset_generation")
  SELECT DISTINCT "org_id", "persona_id", 1, 1 FROM (SELECT "org_id", "persona_id" FROM "old_rows" UNION SELECT "org_id", "persona_id" FROM "new_rows") AS "changed" ORDER BY 1, 2
  ON CONFLICT ("org_id", "persona_id") DO UPDATE SET "generation" = "knowledge_chunk_generations"."generation" + 1,
    "reset_generation" = "knowledge_chunk_generations"."reset_generation" + 1;
  RETURN NULL;
END $$;
