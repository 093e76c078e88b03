-- CreateTable
CREATE TABLE "knowledge_vectors" (
    "chunk_id" TEXT NOT NULL,
    "org_id" UUID NOT NULL,
    "persona_id" UUID NOT NULL,
    "source_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "dimension" INTEGER NOT NULL,
    "vector" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" BIGSERIAL NOT NULL,

    CONSTRAINT "knowledge_vectors_pkey" PRIMARY KEY ("chunk_id")
);

-- CreateTable
CREATE TABLE "knowledge_vector_generations" (
    "org_id" UUID NOT NULL,
    "persona_id" UUID NOT NULL,
    "generation" BIGINT NOT NULL DEFAULT 0,
    "reset_generation" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "knowledge_vector_generations_pkey" PRIMARY KEY ("org_id","persona_id")
);

-- CreateIndex
CREATE INDEX "knowledge_vectors_org_id_persona_id_model_seq_idx" ON "knowledge_vectors"("org_id", "persona_id", "model", "seq");

-- CreateIndex
CREATE INDEX "knowledge_vectors_org_id_source_id_idx" ON "knowledge_vectors"("org_id", "source_id");
