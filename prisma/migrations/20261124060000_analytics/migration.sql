-- CreateTable
CREATE TABLE "analytics_events" (
    "id" TEXT NOT NULL,
    "org_id" UUID NOT NULL,
    "user_id" UUID,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSONB NOT NULL,
    "persona_id" TEXT,
    "subject_id" TEXT,
    "message_role" TEXT,

    CONSTRAINT "analytics_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analytics_users" (
    "user_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "role" TEXT,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "analytics_users_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "analytics_weekly_reports" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "week_start" DATE NOT NULL,
    "time_zone" TEXT NOT NULL,
    "report" JSONB NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_weekly_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "analytics_events_org_id_occurred_at_idx" ON "analytics_events"("org_id", "occurred_at");

-- CreateIndex
CREATE INDEX "analytics_events_org_id_type_occurred_at_message_role_idx" ON "analytics_events"("org_id", "type", "occurred_at", "message_role");

-- CreateIndex
CREATE INDEX "analytics_events_org_id_user_id_occurred_at_idx" ON "analytics_events"("org_id", "user_id", "occurred_at");

-- CreateIndex
CREATE INDEX "analytics_users_org_id_role_idx" ON "analytics_users"("org_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "analytics_weekly_reports_org_id_week_start_time_zone_key" ON "analytics_weekly_reports"("org_id", "week_start", "time_zone");
