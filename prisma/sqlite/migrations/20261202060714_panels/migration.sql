-- CreateTable
CREATE TABLE "TransmissionDevice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "profile" TEXT NOT NULL DEFAULT 'standard',
    "patrolIntervalSec" INTEGER NOT NULL DEFAULT 600,
    "lastClockSyncAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PanelSystem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "transmissionDeviceId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "systemType" INTEGER NOT NULL,
    "systemAddress" INTEGER NOT NULL,
    "name" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PanelSystem_transmissionDeviceId_fkey" FOREIGN KEY ("transmissionDeviceId") REFERENCES "TransmissionDevice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PanelComponent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "systemId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "componentType" INTEGER NOT NULL,
    "componentAddress" BIGINT NOT NULL,
    "name" TEXT,
    "keyPartId" TEXT,
    "location" TEXT,
    "description" TEXT,
    "stateBits" INTEGER NOT NULL DEFAULT 0,
    "fire" BOOLEAN NOT NULL DEFAULT false,
    "fault" BOOLEAN NOT NULL DEFAULT false,
    "supervision" BOOLEAN NOT NULL DEFAULT false,
    "shielded" BOOLEAN NOT NULL DEFAULT false,
    "stateChangedAt" DATETIME,
    "seenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PanelComponent_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "PanelSystem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "TransmissionDevice_deviceId_key" ON "TransmissionDevice"("deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "TransmissionDevice_address_key" ON "TransmissionDevice"("address");

-- CreateIndex
CREATE INDEX "TransmissionDevice_unitId_idx" ON "TransmissionDevice"("unitId");

-- CreateIndex
CREATE INDEX "PanelSystem_unitId_idx" ON "PanelSystem"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "PanelSystem_transmissionDeviceId_systemType_systemAddress_key" ON "PanelSystem"("transmissionDeviceId", "systemType", "systemAddress");

-- CreateIndex
CREATE INDEX "PanelComponent_unitId_name_idx" ON "PanelComponent"("unitId", "name");

-- CreateIndex
CREATE INDEX "PanelComponent_keyPartId_idx" ON "PanelComponent"("keyPartId");

-- CreateIndex
CREATE UNIQUE INDEX "PanelComponent_systemId_componentAddress_key" ON "PanelComponent"("systemId", "componentAddress");
