-- AlterTable
ALTER TABLE "Alarm" ADD COLUMN "dispatchedAt" DATETIME;
ALTER TABLE "Alarm" ADD COLUMN "dispatchedBy" TEXT;
ALTER TABLE "Alarm" ADD COLUMN "dispatchedTo" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "deliveredAt" DATETIME;
ALTER TABLE "Notification" ADD COLUMN "providerId" TEXT;

-- CreateTable
CREATE TABLE "AlarmPhoto" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "alarmId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "caption" TEXT,
    "uploadedBy" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "AlarmPhoto_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_HouseholdMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "householdId" TEXT NOT NULL,
    "residentId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "neighbourAlerts" BOOLEAN NOT NULL DEFAULT false,
    "notifyLowBattery" BOOLEAN NOT NULL DEFAULT true,
    "notifyOffline" BOOLEAN NOT NULL DEFAULT true,
    "notifyTamper" BOOLEAN NOT NULL DEFAULT true,
    "notifyFault" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HouseholdMember_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "HouseholdMember_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_HouseholdMember" ("createdAt", "householdId", "id", "neighbourAlerts", "residentId", "role") SELECT "createdAt", "householdId", "id", "neighbourAlerts", "residentId", "role" FROM "HouseholdMember";
DROP TABLE "HouseholdMember";
ALTER TABLE "new_HouseholdMember" RENAME TO "HouseholdMember";
CREATE INDEX "HouseholdMember_residentId_idx" ON "HouseholdMember"("residentId");
CREATE UNIQUE INDEX "HouseholdMember_householdId_residentId_key" ON "HouseholdMember"("householdId", "residentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AlarmPhoto_alarmId_at_idx" ON "AlarmPhoto"("alarmId", "at");

-- CreateIndex
CREATE INDEX "Notification_channel_providerId_idx" ON "Notification"("channel", "providerId");
