-- CreateEnum
CREATE TYPE "RolloutPhaseCode" AS ENUM ('TRAINING', 'PILOT', 'FULL', 'ACCEPTANCE');

-- CreateEnum
CREATE TYPE "RolloutSubject" AS ENUM ('UNIT', 'BUILDING', 'COMMUNITY', 'TOWNSHIP');

-- CreateEnum
CREATE TYPE "AcceptanceStatus" AS ENUM ('SUBMITTED', 'CHECKS_FAILED', 'UNIT_CONFIRMED', 'ACCEPTED', 'RETURNED');

-- CreateEnum
CREATE TYPE "CoverageScope" AS ENUM ('COUNTY', 'TOWNSHIP', 'COMMUNITY', 'PROPERTY_COMPANY');

-- CreateTable
CREATE TABLE "RolloutPhase" (
    "id" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "code" "RolloutPhaseCode" NOT NULL,
    "name" TEXT NOT NULL,
    "startsOn" TIMESTAMP(3) NOT NULL,
    "endsOn" TIMESTAMP(3) NOT NULL,
    "target" TEXT,
    "targetPct" DOUBLE PRECISION,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RolloutPhase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutStageChange" (
    "id" TEXT NOT NULL,
    "subject" "RolloutSubject" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "stage" "RolloutStage" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "byUserId" TEXT,
    "note" TEXT,

    CONSTRAINT "RolloutStageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutDevicePlan" (
    "id" TEXT NOT NULL,
    "subject" "RolloutSubject" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "deviceKind" TEXT NOT NULL,
    "planned" INTEGER NOT NULL,

    CONSTRAINT "RolloutDevicePlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PilotDemonstration" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL,
    "place" TEXT NOT NULL,
    "attendees" INTEGER NOT NULL,
    "notes" TEXT,
    "createdByUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PilotDemonstration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Acceptance" (
    "id" TEXT NOT NULL,
    "subject" "RolloutSubject" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "status" "AcceptanceStatus" NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "installerCompanyId" TEXT,
    "installed" TEXT NOT NULL,
    "photos" TEXT NOT NULL DEFAULT '[]',
    "checks" TEXT NOT NULL DEFAULT '[]',
    "checksPassed" BOOLEAN NOT NULL DEFAULT false,
    "checkedAt" TIMESTAMP(3),
    "submittedByUserId" TEXT NOT NULL,
    "submittedByName" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "unitConfirmedByUserId" TEXT,
    "unitConfirmedByName" TEXT,
    "unitConfirmedAt" TIMESTAMP(3),
    "acceptedByUserId" TEXT,
    "acceptedByName" TEXT,
    "acceptedAt" TIMESTAMP(3),
    "returnedReason" TEXT,
    "returnedByName" TEXT,
    "returnedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Acceptance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CoverageDaily" (
    "id" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "scope" "CoverageScope" NOT NULL,
    "scopeId" TEXT NOT NULL,
    "households" INTEGER NOT NULL,
    "covered" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CoverageDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutTalk" (
    "id" TEXT NOT NULL,
    "subject" "RolloutSubject" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL,
    "attendees" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "promises" TEXT NOT NULL,
    "followUpOn" TIMESTAMP(3),
    "followUpDone" BOOLEAN NOT NULL DEFAULT false,
    "createdByUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RolloutTalk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Commendation" (
    "id" TEXT NOT NULL,
    "subject" "RolloutSubject" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdByUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Commendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthlyDispatchSnapshot" (
    "id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "figures" TEXT NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonthlyDispatchSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RolloutPhase_countyId_code_key" ON "RolloutPhase"("countyId", "code");

-- CreateIndex
CREATE INDEX "RolloutStageChange_subject_subjectId_at_idx" ON "RolloutStageChange"("subject", "subjectId", "at");

-- CreateIndex
CREATE INDEX "RolloutStageChange_stage_at_idx" ON "RolloutStageChange"("stage", "at");

-- CreateIndex
CREATE UNIQUE INDEX "RolloutDevicePlan_subject_subjectId_deviceKind_key" ON "RolloutDevicePlan"("subject", "subjectId", "deviceKind");

-- CreateIndex
CREATE INDEX "PilotDemonstration_unitId_idx" ON "PilotDemonstration"("unitId");

-- CreateIndex
CREATE INDEX "Acceptance_subject_subjectId_idx" ON "Acceptance"("subject", "subjectId");

-- CreateIndex
CREATE INDEX "Acceptance_status_idx" ON "Acceptance"("status");

-- CreateIndex
CREATE INDEX "CoverageDaily_scope_scopeId_day_idx" ON "CoverageDaily"("scope", "scopeId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "CoverageDaily_day_scope_scopeId_key" ON "CoverageDaily"("day", "scope", "scopeId");

-- CreateIndex
CREATE INDEX "RolloutTalk_subject_subjectId_idx" ON "RolloutTalk"("subject", "subjectId");

-- CreateIndex
CREATE INDEX "Commendation_month_idx" ON "Commendation"("month");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyDispatchSnapshot_month_key" ON "MonthlyDispatchSnapshot"("month");
