-- AlterTable
ALTER TABLE "DeviceCommand" ADD COLUMN "leaseUntil" DATETIME;

-- CreateIndex
CREATE INDEX "DeviceCommand_status_createdAt_idx" ON "DeviceCommand"("status", "createdAt");
