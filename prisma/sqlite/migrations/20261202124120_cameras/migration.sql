-- CreateTable
CREATE TABLE "Camera" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "unitId" TEXT,
    "keyPartId" TEXT,
    "communityId" TEXT,
    "buildingId" TEXT,
    "placeLabel" TEXT,
    "rtspUrl" TEXT NOT NULL,
    "username" TEXT,
    "passwordEnc" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "floor" INTEGER,
    "directionDeg" INTEGER,
    "detectEnabled" BOOLEAN NOT NULL DEFAULT false,
    "detectFps" REAL NOT NULL DEFAULT 1,
    "detectRegion" TEXT,
    "status" TEXT NOT NULL DEFAULT 'UNKNOWN',
    "lastSeenAt" DATETIME,
    "lastCheckAt" DATETIME,
    "lastError" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CameraSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cameraId" TEXT NOT NULL,
    "alarmId" TEXT,
    "reason" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "file" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER
);

-- CreateTable
CREATE TABLE "CameraDetection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cameraId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detector" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "box" TEXT NOT NULL,
    "snapshotId" TEXT,
    "alarmId" TEXT
);

-- CreateIndex
CREATE INDEX "Camera_unitId_idx" ON "Camera"("unitId");

-- CreateIndex
CREATE INDEX "Camera_communityId_idx" ON "Camera"("communityId");

-- CreateIndex
CREATE INDEX "Camera_buildingId_idx" ON "Camera"("buildingId");

-- CreateIndex
CREATE INDEX "CameraSnapshot_cameraId_takenAt_idx" ON "CameraSnapshot"("cameraId", "takenAt");

-- CreateIndex
CREATE INDEX "CameraSnapshot_alarmId_idx" ON "CameraSnapshot"("alarmId");

-- CreateIndex
CREATE INDEX "CameraDetection_cameraId_at_idx" ON "CameraDetection"("cameraId", "at");
