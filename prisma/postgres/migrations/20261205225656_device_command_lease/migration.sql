-- AlterTable
ALTER TABLE "DeviceCommand" ADD COLUMN     "leaseUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "DeviceCommand_status_createdAt_idx" ON "DeviceCommand"("status", "createdAt");
