-- CreateTable
CREATE TABLE "FacilityTest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "results" TEXT NOT NULL,
    "note" TEXT,
    "reportIds" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "FacilityTest_unitId_kind_at_idx" ON "FacilityTest"("unitId", "kind", "at");
