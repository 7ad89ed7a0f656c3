-- CreateTable
CREATE TABLE "InspectionCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyPartId" TEXT,
    "facilityId" TEXT,
    "facilityKind" TEXT,
    "checklist" TEXT NOT NULL,
    "tagVersion" INTEGER NOT NULL DEFAULT 1,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PatrolPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "frequency" TEXT NOT NULL,
    "everyHours" INTEGER,
    "windowStart" TEXT NOT NULL DEFAULT '00:00',
    "windowEnd" TEXT NOT NULL DEFAULT '24:00',
    "checkpointIds" TEXT NOT NULL,
    "staffUserId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PatrolRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "slotStart" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "completedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PatrolCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT,
    "unitId" TEXT NOT NULL,
    "checkpointId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "results" TEXT NOT NULL,
    "note" TEXT,
    "photoIds" TEXT NOT NULL DEFAULT '[]',
    "latitude" REAL,
    "longitude" REAL,
    "hazardId" TEXT,
    CONSTRAINT "PatrolCheck_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "PatrolRound" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InspectionPhoto" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Hazard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "checkpointId" TEXT,
    "place" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'GENERAL',
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REPORTED',
    "reportedBy" TEXT NOT NULL,
    "assigneeId" TEXT,
    "deadline" DATETIME,
    "interimMeasures" TEXT,
    "photoIds" TEXT NOT NULL DEFAULT '[]',
    "evidenceIds" TEXT NOT NULL DEFAULT '[]',
    "fixedBy" TEXT,
    "fixedAt" DATETIME,
    "verifiedBy" TEXT,
    "verifiedAt" DATETIME,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "dueSoonSent" BOOLEAN NOT NULL DEFAULT false,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "HazardEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hazardId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "note" TEXT,
    CONSTRAINT "HazardEvent_hazardId_fkey" FOREIGN KEY ("hazardId") REFERENCES "Hazard" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "InspectionCheckpoint_unitId_name_key" ON "InspectionCheckpoint"("unitId", "name");

-- CreateIndex
CREATE INDEX "PatrolPlan_unitId_idx" ON "PatrolPlan"("unitId");

-- CreateIndex
CREATE INDEX "PatrolRound_unitId_slotStart_idx" ON "PatrolRound"("unitId", "slotStart");

-- CreateIndex
CREATE UNIQUE INDEX "PatrolRound_planId_slotStart_key" ON "PatrolRound"("planId", "slotStart");

-- CreateIndex
CREATE INDEX "PatrolCheck_unitId_at_idx" ON "PatrolCheck"("unitId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "PatrolCheck_roundId_checkpointId_key" ON "PatrolCheck"("roundId", "checkpointId");

-- CreateIndex
CREATE INDEX "InspectionPhoto_unitId_idx" ON "InspectionPhoto"("unitId");

-- CreateIndex
CREATE INDEX "Hazard_unitId_status_idx" ON "Hazard"("unitId", "status");

-- CreateIndex
CREATE INDEX "Hazard_status_deadline_idx" ON "Hazard"("status", "deadline");

-- CreateIndex
CREATE INDEX "Hazard_assigneeId_idx" ON "Hazard"("assigneeId");

-- CreateIndex
CREATE INDEX "HazardEvent_hazardId_at_idx" ON "HazardEvent"("hazardId", "at");
