-- CreateTable
CREATE TABLE "RolloutPhase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "countyId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startsOn" DATETIME NOT NULL,
    "endsOn" DATETIME NOT NULL,
    "target" TEXT,
    "targetPct" REAL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RolloutStageChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "byUserId" TEXT,
    "note" TEXT
);

-- CreateTable
CREATE TABLE "RolloutDevicePlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "deviceKind" TEXT NOT NULL,
    "planned" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "PilotDemonstration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "heldAt" DATETIME NOT NULL,
    "place" TEXT NOT NULL,
    "attendees" INTEGER NOT NULL,
    "notes" TEXT,
    "createdByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Acceptance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "installerCompanyId" TEXT,
    "installed" TEXT NOT NULL,
    "photos" TEXT NOT NULL DEFAULT '[]',
    "checks" TEXT NOT NULL DEFAULT '[]',
    "checksPassed" BOOLEAN NOT NULL DEFAULT false,
    "checkedAt" DATETIME,
    "submittedByUserId" TEXT NOT NULL,
    "submittedByName" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "unitConfirmedByUserId" TEXT,
    "unitConfirmedByName" TEXT,
    "unitConfirmedAt" DATETIME,
    "acceptedByUserId" TEXT,
    "acceptedByName" TEXT,
    "acceptedAt" DATETIME,
    "returnedReason" TEXT,
    "returnedByName" TEXT,
    "returnedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CoverageDaily" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "day" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "households" INTEGER NOT NULL,
    "covered" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RolloutTalk" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "heldAt" DATETIME NOT NULL,
    "attendees" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "promises" TEXT NOT NULL,
    "followUpOn" DATETIME,
    "followUpDone" BOOLEAN NOT NULL DEFAULT false,
    "createdByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Commendation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MonthlyDispatchSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "month" TEXT NOT NULL,
    "figures" TEXT NOT NULL,
    "generatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
