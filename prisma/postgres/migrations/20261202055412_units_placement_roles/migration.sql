/*
  Warnings:

  - A unique constraint covering the columns `[deviceId,kind,point,openSlot]` on the table `Alarm` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[carrierPlatform,carrierDeviceId]` on the table `Device` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "LinkageScope" AS ENUM ('BUILDING', 'FLOOR');

-- CreateEnum
CREATE TYPE "UnitCategory" AS ENUM ('SHOPPING_MARKET', 'HOTEL', 'SPORTS_VENUE', 'ENTERTAINMENT', 'HOSPITAL', 'NURSING_HOME', 'BOARDING_SCHOOL', 'KINDERGARTEN', 'SCHOOL', 'GOVERNMENT_OFFICE', 'BROADCAST_TELECOM', 'TRANSPORT_HUB', 'CULTURAL_VENUE', 'POWER', 'HAZARDOUS_GOODS', 'LABOUR_INTENSIVE', 'RESEARCH', 'HIGH_RISE_PUBLIC', 'UNDERGROUND', 'WAREHOUSE', 'CONSTRUCTION_SITE', 'OTHER');

-- CreateEnum
CREATE TYPE "SectorDepartment" AS ENUM ('EDUCATION', 'HEALTH', 'CIVIL_AFFAIRS', 'CULTURE_TOURISM', 'HOUSING', 'EMERGENCY', 'DEVELOPMENT_REFORM', 'COMMERCE', 'INDUSTRY', 'TRANSPORT', 'OTHER');

-- CreateEnum
CREATE TYPE "FacilityKind" AS ENUM ('AUTO_FIRE_ALARM', 'SPRINKLER', 'HYDRANT_SYSTEM', 'SMOKE_CONTROL', 'FIRE_DOORS', 'EXTINGUISHERS', 'EMERGENCY_LIGHTING', 'FIRE_PUMP', 'WATER_TANK', 'GAS_EXTINGUISHING', 'FOAM', 'FIRE_ELEVATOR', 'PUBLIC_ADDRESS', 'ELECTRICAL_FIRE_MONITOR', 'GAS_DETECTION', 'OTHER');

-- CreateEnum
CREATE TYPE "ServiceCompanyKind" AS ENUM ('MAINTENANCE', 'INSTALLER', 'BOTH');

-- CreateEnum
CREATE TYPE "RolloutStage" AS ENUM ('NOT_STARTED', 'SURVEYED', 'PLANNED', 'INSTALLING', 'INSTALLED', 'ACCEPTED');

-- CreateEnum
CREATE TYPE "AlarmVerdict" AS ENUM ('REAL_FIRE', 'FALSE_ALARM', 'TEST', 'FAULT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AlarmKind" ADD VALUE 'CALL_POINT';
ALTER TYPE "AlarmKind" ADD VALUE 'GAS_LEAK';
ALTER TYPE "AlarmKind" ADD VALUE 'SUSPECTED_FIRE';
ALTER TYPE "AlarmKind" ADD VALUE 'LOW_WATER';
ALTER TYPE "AlarmKind" ADD VALUE 'HIGH_WATER';
ALTER TYPE "AlarmKind" ADD VALUE 'LOW_PRESSURE';
ALTER TYPE "AlarmKind" ADD VALUE 'HIGH_PRESSURE';
ALTER TYPE "AlarmKind" ADD VALUE 'PUMP_NOT_AUTO';
ALTER TYPE "AlarmKind" ADD VALUE 'PUMP_FAULT';
ALTER TYPE "AlarmKind" ADD VALUE 'PUMP_STARTED';
ALTER TYPE "AlarmKind" ADD VALUE 'POWER_LOST';
ALTER TYPE "AlarmKind" ADD VALUE 'LEAKAGE_CURRENT';
ALTER TYPE "AlarmKind" ADD VALUE 'OVER_TEMPERATURE';
ALTER TYPE "AlarmKind" ADD VALUE 'HYDRANT_OPENED';
ALTER TYPE "AlarmKind" ADD VALUE 'HYDRANT_KNOCKED';
ALTER TYPE "AlarmKind" ADD VALUE 'VALVE_CLOSED';
ALTER TYPE "AlarmKind" ADD VALUE 'PANEL_FAULT';
ALTER TYPE "AlarmKind" ADD VALUE 'PANEL_SUPERVISION';
ALTER TYPE "AlarmKind" ADD VALUE 'PANEL_SHIELDED';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DeviceKind" ADD VALUE 'PIPE_PRESSURE';
ALTER TYPE "DeviceKind" ADD VALUE 'UITD';
ALTER TYPE "DeviceKind" ADD VALUE 'CAMERA';

-- AlterEnum
ALTER TYPE "NotificationChannel" ADD VALUE 'HANDOFF_119';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "StaffRole" ADD VALUE 'UNIT_RESPONSIBLE';
ALTER TYPE "StaffRole" ADD VALUE 'UNIT_MANAGER';
ALTER TYPE "StaffRole" ADD VALUE 'UNIT_SAFETY_OFFICER';
ALTER TYPE "StaffRole" ADD VALUE 'CONTROL_ROOM_OPERATOR';
ALTER TYPE "StaffRole" ADD VALUE 'SECTOR_REGULATOR';
ALTER TYPE "StaffRole" ADD VALUE 'MAINTENANCE_TECH';
ALTER TYPE "StaffRole" ADD VALUE 'INSTALLER';
ALTER TYPE "StaffRole" ADD VALUE 'CENTRE_OPERATOR';
ALTER TYPE "StaffRole" ADD VALUE 'PROGRAMME_OFFICE';

-- DropIndex
DROP INDEX "Alarm_deviceId_kind_openSlot_key";

-- AlterTable
ALTER TABLE "Alarm" ADD COLUMN     "buildingId" TEXT,
ADD COLUMN     "confirmDeadlineAt" TIMESTAMP(3),
ADD COLUMN     "floor" INTEGER,
ADD COLUMN     "keyPartId" TEXT,
ADD COLUMN     "location" TEXT,
ADD COLUMN     "point" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'mqtt',
ADD COLUMN     "unitBuildingId" TEXT,
ADD COLUMN     "unitId" TEXT,
ADD COLUMN     "verdict" "AlarmVerdict",
ADD COLUMN     "verdictAt" TIMESTAMP(3),
ADD COLUMN     "verdictBy" TEXT,
ADD COLUMN     "verdictCause" TEXT;

-- AlterTable
ALTER TABLE "Building" ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "linkageScope" "LinkageScope" NOT NULL DEFAULT 'BUILDING',
ADD COLUMN     "longitude" DOUBLE PRECISION,
ADD COLUMN     "rolloutStage" "RolloutStage" NOT NULL DEFAULT 'NOT_STARTED',
ADD COLUMN     "rolloutStageAt" TIMESTAMP(3),
ADD COLUMN     "yearBuilt" INTEGER;

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "buildingId" TEXT,
ADD COLUMN     "carrierDeviceId" TEXT,
ADD COLUMN     "carrierPlatform" TEXT,
ADD COLUMN     "carrierProductId" TEXT,
ADD COLUMN     "floor" INTEGER,
ADD COLUMN     "imei" TEXT,
ADD COLUMN     "keyPartId" TEXT,
ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION,
ADD COLUMN     "placeName" TEXT,
ADD COLUMN     "profileId" TEXT,
ADD COLUMN     "transport" TEXT NOT NULL DEFAULT 'mqtt',
ADD COLUMN     "unitBuildingId" TEXT,
ADD COLUMN     "unitId" TEXT;

-- AlterTable
ALTER TABLE "DeviceCommand" ADD COLUMN     "platformCommandId" TEXT;

-- AlterTable
ALTER TABLE "DeviceEvent" ADD COLUMN     "fields" TEXT;

-- AlterTable
ALTER TABLE "DeviceModel" ADD COLUMN     "limits" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "subject" TEXT;

-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN     "sector" "SectorDepartment",
ADD COLUMN     "serviceCompanyId" TEXT,
ALTER COLUMN "passwordHash" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ServiceCompany" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ServiceCompanyKind" NOT NULL,
    "creditCode" TEXT,
    "contactName" TEXT,
    "contactPhone" TEXT,
    "qualification" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceCompany_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NetworkedUnit" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "category" "UnitCategory" NOT NULL,
    "keyUnit" BOOLEAN NOT NULL DEFAULT false,
    "sector" "SectorDepartment" NOT NULL,
    "address" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "phone" TEXT,
    "controlRoomLocation" TEXT,
    "controlRoomPhone" TEXT,
    "hasAutoFireAlarm" BOOLEAN NOT NULL DEFAULT false,
    "maintenanceCompanyId" TEXT,
    "installerCompanyId" TEXT,
    "confirmSec" INTEGER,
    "pilot" BOOLEAN NOT NULL DEFAULT false,
    "rolloutStage" "RolloutStage" NOT NULL DEFAULT 'NOT_STARTED',
    "rolloutStageAt" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NetworkedUnit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitBuilding" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "floorsAbove" INTEGER NOT NULL,
    "floorsBelow" INTEGER NOT NULL DEFAULT 0,
    "heightM" DOUBLE PRECISION,
    "areaM2" DOUBLE PRECISION,
    "use" TEXT,
    "highRise" BOOLEAN NOT NULL DEFAULT false,
    "yearBuilt" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnitBuilding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyPart" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "buildingId" TEXT,
    "name" TEXT NOT NULL,
    "floor" INTEGER,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KeyPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitFacility" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "kind" "FacilityKind" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "description" TEXT,
    "maintenanceCompanyId" TEXT,
    "installedOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnitFacility_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitDocument" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnitDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffUnit" (
    "staffUserId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffUnit_pkey" PRIMARY KEY ("staffUserId","unitId")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "StaffInvite" (
    "id" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffInvite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCompany_name_key" ON "ServiceCompany"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCompany_creditCode_key" ON "ServiceCompany"("creditCode");

-- CreateIndex
CREATE UNIQUE INDEX "NetworkedUnit_creditCode_key" ON "NetworkedUnit"("creditCode");

-- CreateIndex
CREATE INDEX "NetworkedUnit_category_idx" ON "NetworkedUnit"("category");

-- CreateIndex
CREATE INDEX "NetworkedUnit_sector_idx" ON "NetworkedUnit"("sector");

-- CreateIndex
CREATE INDEX "NetworkedUnit_maintenanceCompanyId_idx" ON "NetworkedUnit"("maintenanceCompanyId");

-- CreateIndex
CREATE INDEX "NetworkedUnit_installerCompanyId_idx" ON "NetworkedUnit"("installerCompanyId");

-- CreateIndex
CREATE UNIQUE INDEX "NetworkedUnit_townshipId_name_key" ON "NetworkedUnit"("townshipId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "UnitBuilding_unitId_name_key" ON "UnitBuilding"("unitId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "KeyPart_unitId_name_key" ON "KeyPart"("unitId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "UnitFacility_unitId_kind_key" ON "UnitFacility"("unitId", "kind");

-- CreateIndex
CREATE INDEX "UnitDocument_unitId_kind_idx" ON "UnitDocument"("unitId", "kind");

-- CreateIndex
CREATE INDEX "StaffUnit_unitId_idx" ON "StaffUnit"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffInvite_codeHash_key" ON "StaffInvite"("codeHash");

-- CreateIndex
CREATE INDEX "StaffInvite_staffUserId_idx" ON "StaffInvite"("staffUserId");

-- CreateIndex
CREATE INDEX "Alarm_unitId_startedAt_idx" ON "Alarm"("unitId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Alarm_deviceId_kind_point_openSlot_key" ON "Alarm"("deviceId", "kind", "point", "openSlot");

-- CreateIndex
CREATE INDEX "Device_unitId_idx" ON "Device"("unitId");

-- CreateIndex
CREATE INDEX "Device_buildingId_idx" ON "Device"("buildingId");

-- CreateIndex
CREATE INDEX "Device_imei_idx" ON "Device"("imei");

-- CreateIndex
CREATE UNIQUE INDEX "Device_carrierPlatform_carrierDeviceId_key" ON "Device"("carrierPlatform", "carrierDeviceId");

-- CreateIndex
CREATE INDEX "Notification_subject_idx" ON "Notification"("subject");

-- AddForeignKey
ALTER TABLE "NetworkedUnit" ADD CONSTRAINT "NetworkedUnit_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitBuilding" ADD CONSTRAINT "UnitBuilding_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyPart" ADD CONSTRAINT "KeyPart_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyPart" ADD CONSTRAINT "KeyPart_buildingId_fkey" FOREIGN KEY ("buildingId") REFERENCES "UnitBuilding"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitFacility" ADD CONSTRAINT "UnitFacility_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitDocument" ADD CONSTRAINT "UnitDocument_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffUnit" ADD CONSTRAINT "StaffUnit_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffUnit" ADD CONSTRAINT "StaffUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffInvite" ADD CONSTRAINT "StaffInvite_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alarm" ADD CONSTRAINT "Alarm_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit"("id") ON DELETE SET NULL ON UPDATE CASCADE;
