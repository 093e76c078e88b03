-- CreateEnum
CREATE TYPE "LlmProvider" AS ENUM ('OFFLINE', 'OPENAI', 'GEMINI');

-- CreateTable
CREATE TABLE "persona_personas" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tone" TEXT,
    "rules" JSONB NOT NULL,
    "safety_rules" JSONB NOT NULL,
    "sample_prompts" JSONB NOT NULL,
    "llm_provider" "LlmProvider" NOT NULL DEFAULT 'OFFLINE',
    "llm_model" TEXT,
    "llm_temperature" DOUBLE PRECISION NOT NULL DEFAULT 0.3,
    "llm_max_tokens" INTEGER NOT NULL DEFAULT 512,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "persona_personas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "persona_token_usage" (
    "org_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "provider" "LlmProvider" NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "prompt_tokens" BIGINT NOT NULL DEFAULT 0,
    "completion_tokens" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "persona_token_usage_pkey" PRIMARY KEY ("org_id","period","provider")
);

-- CreateIndex
CREATE INDEX "persona_personas_org_id_created_at_id_idx" ON "persona_personas"("org_id", "created_at", "id");
