-- CreateEnum
CREATE TYPE "CameraStatus" AS ENUM ('UNKNOWN', 'ONLINE', 'OFFLINE');

-- CreateEnum
CREATE TYPE "CameraSnapshotReason" AS ENUM ('ON_DEMAND', 'ALARM', 'DETECTION', 'HEALTH');

-- CreateTable
CREATE TABLE "Camera" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitId" TEXT,
    "keyPartId" TEXT,
    "communityId" TEXT,
    "buildingId" TEXT,
    "placeLabel" TEXT,
    "rtspUrl" TEXT NOT NULL,
    "username" TEXT,
    "passwordEnc" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "floor" INTEGER,
    "directionDeg" INTEGER,
    "detectEnabled" BOOLEAN NOT NULL DEFAULT false,
    "detectFps" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "detectRegion" TEXT,
    "status" "CameraStatus" NOT NULL DEFAULT 'UNKNOWN',
    "lastSeenAt" TIMESTAMP(3),
    "lastCheckAt" TIMESTAMP(3),
    "lastError" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Camera_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CameraSnapshot" (
    "id" TEXT NOT NULL,
    "cameraId" TEXT NOT NULL,
    "alarmId" TEXT,
    "reason" "CameraSnapshotReason" NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "file" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,

    CONSTRAINT "CameraSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CameraDetection" (
    "id" TEXT NOT NULL,
    "cameraId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detector" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "box" TEXT NOT NULL,
    "snapshotId" TEXT,
    "alarmId" TEXT,

    CONSTRAINT "CameraDetection_pkey" PRIMARY KEY ("id")
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
