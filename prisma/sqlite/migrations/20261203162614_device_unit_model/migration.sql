-- DropIndex
DROP INDEX "Device_unitId_idx";

-- CreateIndex
CREATE INDEX "Device_unitId_modelId_idx" ON "Device"("unitId", "modelId");
