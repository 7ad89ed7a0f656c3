-- AlterTable
ALTER TABLE "DeviceCommand" ADD COLUMN "platformCommandId" TEXT;

-- AlterTable
ALTER TABLE "DeviceEvent" ADD COLUMN "fields" TEXT;

-- AlterTable
ALTER TABLE "DeviceModel" ADD COLUMN "limits" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "subject" TEXT;

-- CreateTable
CREATE TABLE "ServiceCompany" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "creditCode" TEXT,
    "contactName" TEXT,
    "contactPhone" TEXT,
    "qualification" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NetworkedUnit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "townshipId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "keyUnit" BOOLEAN NOT NULL DEFAULT false,
    "sector" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "latitude" REAL,
    "longitude" REAL,
    "phone" TEXT,
    "controlRoomLocation" TEXT,
    "controlRoomPhone" TEXT,
    "hasAutoFireAlarm" BOOLEAN NOT NULL DEFAULT false,
    "maintenanceCompanyId" TEXT,
    "installerCompanyId" TEXT,
    "confirmSec" INTEGER,
    "pilot" BOOLEAN NOT NULL DEFAULT false,
    "rolloutStage" TEXT NOT NULL DEFAULT 'NOT_STARTED',
    "rolloutStageAt" DATETIME,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "NetworkedUnit_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitBuilding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "floorsAbove" INTEGER NOT NULL,
    "floorsBelow" INTEGER NOT NULL DEFAULT 0,
    "heightM" REAL,
    "areaM2" REAL,
    "use" TEXT,
    "highRise" BOOLEAN NOT NULL DEFAULT false,
    "yearBuilt" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UnitBuilding_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KeyPart" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "buildingId" TEXT,
    "name" TEXT NOT NULL,
    "floor" INTEGER,
    "description" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KeyPart_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "KeyPart_buildingId_fkey" FOREIGN KEY ("buildingId") REFERENCES "UnitBuilding" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitFacility" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "description" TEXT,
    "maintenanceCompanyId" TEXT,
    "installedOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UnitFacility_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "UnitDocument_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffUnit" (
    "staffUserId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("staffUserId", "unitId"),
    CONSTRAINT "StaffUnit_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "StaffUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "StaffInvite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "staffUserId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StaffInvite_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Alarm" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "householdId" TEXT,
    "communityId" TEXT,
    "unitId" TEXT,
    "buildingId" TEXT,
    "unitBuildingId" TEXT,
    "keyPartId" TEXT,
    "floor" INTEGER,
    "point" TEXT NOT NULL DEFAULT '',
    "location" TEXT,
    "source" TEXT NOT NULL DEFAULT 'mqtt',
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "openSlot" TEXT DEFAULT 'OPEN',
    "resolution" TEXT,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "startedAt" DATETIME NOT NULL,
    "lastEventAt" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    "report119" BOOLEAN NOT NULL DEFAULT false,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "dispatchedTo" TEXT,
    "dispatchedBy" TEXT,
    "dispatchedAt" DATETIME,
    "confirmDeadlineAt" DATETIME,
    "verdict" TEXT,
    "verdictAt" DATETIME,
    "verdictBy" TEXT,
    "verdictCause" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alarm_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Alarm_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Alarm_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Alarm_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Alarm" ("acknowledgedAt", "acknowledgedBy", "communityId", "createdAt", "deviceId", "dispatchedAt", "dispatchedBy", "dispatchedTo", "escalationLevel", "householdId", "id", "kind", "lastEventAt", "occurrences", "openSlot", "report119", "resolution", "resolvedAt", "resolvedBy", "severity", "startedAt", "status") SELECT "acknowledgedAt", "acknowledgedBy", "communityId", "createdAt", "deviceId", "dispatchedAt", "dispatchedBy", "dispatchedTo", "escalationLevel", "householdId", "id", "kind", "lastEventAt", "occurrences", "openSlot", "report119", "resolution", "resolvedAt", "resolvedBy", "severity", "startedAt", "status" FROM "Alarm";
DROP TABLE "Alarm";
ALTER TABLE "new_Alarm" RENAME TO "Alarm";
CREATE INDEX "Alarm_householdId_startedAt_idx" ON "Alarm"("householdId", "startedAt");
CREATE INDEX "Alarm_communityId_startedAt_idx" ON "Alarm"("communityId", "startedAt");
CREATE INDEX "Alarm_unitId_startedAt_idx" ON "Alarm"("unitId", "startedAt");
CREATE INDEX "Alarm_status_startedAt_idx" ON "Alarm"("status", "startedAt");
CREATE UNIQUE INDEX "Alarm_deviceId_kind_point_openSlot_key" ON "Alarm"("deviceId", "kind", "point", "openSlot");
CREATE TABLE "new_Building" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "communityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "floors" INTEGER NOT NULL,
    "oldHighRise" BOOLEAN NOT NULL DEFAULT false,
    "yearBuilt" INTEGER,
    "latitude" REAL,
    "longitude" REAL,
    "linkageScope" TEXT NOT NULL DEFAULT 'BUILDING',
    "rolloutStage" TEXT NOT NULL DEFAULT 'NOT_STARTED',
    "rolloutStageAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Building_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Building" ("communityId", "createdAt", "floors", "id", "name", "oldHighRise") SELECT "communityId", "createdAt", "floors", "id", "name", "oldHighRise" FROM "Building";
DROP TABLE "Building";
ALTER TABLE "new_Building" RENAME TO "Building";
CREATE UNIQUE INDEX "Building_communityId_name_key" ON "Building"("communityId", "name");
CREATE TABLE "new_Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serial" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'NORMAL',
    "communityId" TEXT,
    "householdId" TEXT,
    "room" TEXT,
    "name" TEXT,
    "unitId" TEXT,
    "unitBuildingId" TEXT,
    "keyPartId" TEXT,
    "buildingId" TEXT,
    "floor" INTEGER,
    "placeName" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "transport" TEXT NOT NULL DEFAULT 'mqtt',
    "carrierPlatform" TEXT,
    "carrierProductId" TEXT,
    "carrierDeviceId" TEXT,
    "imei" TEXT,
    "profileId" TEXT,
    "bindTokenHash" TEXT,
    "boundAt" DATETIME,
    "boundBy" TEXT,
    "registeredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Device_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "DeviceModel" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Device_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Device_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Device_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "NetworkedUnit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Device" ("bindTokenHash", "boundAt", "boundBy", "communityId", "householdId", "id", "mode", "modelId", "name", "registeredAt", "room", "secretHash", "serial") SELECT "bindTokenHash", "boundAt", "boundBy", "communityId", "householdId", "id", "mode", "modelId", "name", "registeredAt", "room", "secretHash", "serial" FROM "Device";
DROP TABLE "Device";
ALTER TABLE "new_Device" RENAME TO "Device";
CREATE UNIQUE INDEX "Device_serial_key" ON "Device"("serial");
CREATE INDEX "Device_householdId_idx" ON "Device"("householdId");
CREATE INDEX "Device_communityId_idx" ON "Device"("communityId");
CREATE INDEX "Device_unitId_idx" ON "Device"("unitId");
CREATE INDEX "Device_buildingId_idx" ON "Device"("buildingId");
CREATE INDEX "Device_imei_idx" ON "Device"("imei");
CREATE UNIQUE INDEX "Device_carrierPlatform_carrierDeviceId_key" ON "Device"("carrierPlatform", "carrierDeviceId");
CREATE TABLE "new_StaffUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "phone" TEXT,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" TEXT NOT NULL,
    "propertyCompanyId" TEXT,
    "townshipId" TEXT,
    "sector" TEXT,
    "serviceCompanyId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "StaffUser_propertyCompanyId_fkey" FOREIGN KEY ("propertyCompanyId") REFERENCES "PropertyCompany" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "StaffUser_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_StaffUser" ("active", "createdAt", "failedLogins", "id", "lockedUntil", "name", "passwordHash", "phone", "propertyCompanyId", "role", "townshipId", "updatedAt", "username") SELECT "active", "createdAt", "failedLogins", "id", "lockedUntil", "name", "passwordHash", "phone", "propertyCompanyId", "role", "townshipId", "updatedAt", "username" FROM "StaffUser";
DROP TABLE "StaffUser";
ALTER TABLE "new_StaffUser" RENAME TO "StaffUser";
CREATE UNIQUE INDEX "StaffUser_username_key" ON "StaffUser"("username");
CREATE UNIQUE INDEX "StaffUser_phone_key" ON "StaffUser"("phone");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
CREATE INDEX "Notification_subject_idx" ON "Notification"("subject");
