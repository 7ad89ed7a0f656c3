-- AlterTable
ALTER TABLE "Alarm" ADD COLUMN     "dispatchedAt" TIMESTAMP(3),
ADD COLUMN     "dispatchedBy" TEXT,
ADD COLUMN     "dispatchedTo" TEXT;

-- AlterTable
ALTER TABLE "HouseholdMember" ADD COLUMN     "notifyFault" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "notifyLowBattery" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "notifyOffline" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "notifyTamper" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "providerId" TEXT;

-- CreateTable
CREATE TABLE "AlarmPhoto" (
    "id" TEXT NOT NULL,
    "alarmId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "caption" TEXT,
    "uploadedBy" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlarmPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlarmPhoto_alarmId_at_idx" ON "AlarmPhoto"("alarmId", "at");

-- CreateIndex
CREATE INDEX "Notification_channel_providerId_idx" ON "Notification"("channel", "providerId");

-- AddForeignKey
ALTER TABLE "AlarmPhoto" ADD CONSTRAINT "AlarmPhoto_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
