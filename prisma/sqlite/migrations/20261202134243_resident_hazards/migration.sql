-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Hazard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT,
    "communityId" TEXT,
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
INSERT INTO "new_Hazard" ("assigneeId", "category", "checkpointId", "createdAt", "deadline", "description", "dueSoonSent", "escalationLevel", "evidenceIds", "fixedAt", "fixedBy", "generation", "id", "interimMeasures", "photoIds", "place", "reportedBy", "severity", "source", "status", "unitId", "updatedAt", "verifiedAt", "verifiedBy") SELECT "assigneeId", "category", "checkpointId", "createdAt", "deadline", "description", "dueSoonSent", "escalationLevel", "evidenceIds", "fixedAt", "fixedBy", "generation", "id", "interimMeasures", "photoIds", "place", "reportedBy", "severity", "source", "status", "unitId", "updatedAt", "verifiedAt", "verifiedBy" FROM "Hazard";
DROP TABLE "Hazard";
ALTER TABLE "new_Hazard" RENAME TO "Hazard";
CREATE INDEX "Hazard_unitId_status_idx" ON "Hazard"("unitId", "status");
CREATE INDEX "Hazard_communityId_status_idx" ON "Hazard"("communityId", "status");
CREATE INDEX "Hazard_status_deadline_idx" ON "Hazard"("status", "deadline");
CREATE INDEX "Hazard_assigneeId_idx" ON "Hazard"("assigneeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
