-- CreateEnum
CREATE TYPE "BillingStatus" AS ENUM ('ACTIVE', 'PAST_DUE', 'CANCELED');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('CARD', 'MTN_MOMO', 'AIRTEL_MONEY', 'BANK_TRANSFER', 'CASH');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "QuotaMetric" AS ENUM ('MESSAGES', 'STORAGE_BYTES', 'SEATS');

-- CreateTable
CREATE TABLE "billing_accounts" (
    "org_id" UUID NOT NULL,
    "plan_id" TEXT NOT NULL DEFAULT 'free',
    "status" "BillingStatus" NOT NULL DEFAULT 'ACTIVE',
    "current_period_end" TIMESTAMP(3),
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "stripe_customer_id" TEXT,
    "stripe_subscription_id" TEXT,
    "stripe_state_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "billing_accounts_pkey" PRIMARY KEY ("org_id")
);

-- CreateTable
CREATE TABLE "billing_payments" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "plan_id" TEXT NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "method" "PaymentMethod" NOT NULL,
    "reference" TEXT NOT NULL,
    "phone_number" TEXT,
    "months" INTEGER NOT NULL,
    "status" "PaymentStatus" NOT NULL,
    "period_start" TIMESTAMP(3),
    "period_end" TIMESTAMP(3),
    "recorded_by_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_stripe_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "created" TIMESTAMP(3) NOT NULL,
    "processed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_stripe_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_usage" (
    "org_id" UUID NOT NULL,
    "metric" "QuotaMetric" NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "used" BIGINT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_usage_pkey" PRIMARY KEY ("org_id","metric")
);

-- CreateTable
CREATE TABLE "billing_quota_reservations" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "metric" "QuotaMetric" NOT NULL,
    "amount" BIGINT NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_at" TIMESTAMP(3),

    CONSTRAINT "billing_quota_reservations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "billing_accounts_stripe_customer_id_key" ON "billing_accounts"("stripe_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "billing_accounts_stripe_subscription_id_key" ON "billing_accounts"("stripe_subscription_id");

-- CreateIndex
CREATE INDEX "billing_payments_org_id_created_at_id_idx" ON "billing_payments"("org_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "billing_payments_method_reference_key" ON "billing_payments"("method", "reference");

-- CreateIndex
CREATE INDEX "billing_quota_reservations_metric_period_start_idx" ON "billing_quota_reservations"("metric", "period_start");

-- AddForeignKey
ALTER TABLE "billing_payments" ADD CONSTRAINT "billing_payments_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "billing_accounts"("org_id") ON DELETE CASCADE ON UPDATE CASCADE;
