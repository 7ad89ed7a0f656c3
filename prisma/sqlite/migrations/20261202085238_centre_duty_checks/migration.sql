-- CreateTable
CREATE TABLE "DutyCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT,
    "unitId" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "missedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "answeredAt" DATETIME,
    "answeredBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "DutyCheck_key_key" ON "DutyCheck"("key");

-- CreateIndex
CREATE INDEX "DutyCheck_unitId_sentAt_idx" ON "DutyCheck"("unitId", "sentAt");

-- CreateIndex
CREATE INDEX "DutyCheck_status_missedAt_idx" ON "DutyCheck"("status", "missedAt");
