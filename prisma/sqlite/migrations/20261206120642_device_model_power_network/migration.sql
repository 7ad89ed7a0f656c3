-- AlterTable
ALTER TABLE "DeviceModel" ADD COLUMN "network" TEXT;
ALTER TABLE "DeviceModel" ADD COLUMN "power" TEXT;
