-- CreateEnum
CREATE TYPE "DutyCheckOrigin" AS ENUM ('ON_DEMAND', 'SCHEDULED');

-- CreateEnum
CREATE TYPE "DutyCheckStatus" AS ENUM ('PENDING', 'ANSWERED', 'LATE', 'MISSED');

-- CreateTable
CREATE TABLE "DutyCheck" (
    "id" TEXT NOT NULL,
    "key" TEXT,
    "unitId" TEXT NOT NULL,
    "origin" "DutyCheckOrigin" NOT NULL,
    "via" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "missedAt" TIMESTAMP(3) NOT NULL,
    "status" "DutyCheckStatus" NOT NULL DEFAULT 'PENDING',
    "answeredAt" TIMESTAMP(3),
    "answeredBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DutyCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DutyCheck_key_key" ON "DutyCheck"("key");

-- CreateIndex
CREATE INDEX "DutyCheck_unitId_sentAt_idx" ON "DutyCheck"("unitId", "sentAt");

-- CreateIndex
CREATE INDEX "DutyCheck_status_missedAt_idx" ON "DutyCheck"("status", "missedAt");
