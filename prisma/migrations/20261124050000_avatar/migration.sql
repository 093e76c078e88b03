-- CreateTable
CREATE TABLE "avatar_personas" (
    "persona_id" TEXT NOT NULL,
    "org_id" UUID NOT NULL,
    "last_version" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "avatar_personas_pkey" PRIMARY KEY ("persona_id")
);

-- CreateTable
CREATE TABLE "avatar_models" (
    "id" UUID NOT NULL,
    "persona_id" TEXT NOT NULL,
    "org_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "mime_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "blob_key" TEXT NOT NULL,
    "scale" DOUBLE PRECISION NOT NULL,
    "bounding_box" JSONB NOT NULL,
    "animations" JSONB NOT NULL,
    "animation_map" JSONB NOT NULL,
    "uploaded_by_id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "avatar_models_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "avatar_personas_org_id_idx" ON "avatar_personas"("org_id");

-- CreateIndex
CREATE INDEX "avatar_models_org_id_idx" ON "avatar_models"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "avatar_models_persona_id_version_key" ON "avatar_models"("persona_id", "version");

-- AddForeignKey
ALTER TABLE "avatar_models" ADD CONSTRAINT "avatar_models_persona_id_fkey" FOREIGN KEY ("persona_id") REFERENCES "avatar_personas"("persona_id") ON DELETE CASCADE ON UPDATE CASCADE;
