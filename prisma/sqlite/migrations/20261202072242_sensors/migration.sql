-- CreateTable
CREATE TABLE "SensorPoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "point" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "ts" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "limitState" TEXT NOT NULL DEFAULT 'NORMAL',
    "stateSince" DATETIME NOT NULL,
    "pendingSide" TEXT,
    "pendingSince" DATETIME,
    "evaluatedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SensorReading" (
    "pointId" INTEGER NOT NULL,
    "ts" DATETIME NOT NULL,
    "value" REAL NOT NULL,

    PRIMARY KEY ("pointId", "ts")
);

-- CreateTable
CREATE TABLE "SensorHourly" (
    "pointId" INTEGER NOT NULL,
    "hour" DATETIME NOT NULL,
    "min" REAL NOT NULL,
    "max" REAL NOT NULL,
    "sum" REAL NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("pointId", "hour")
);

-- CreateTable
CREATE TABLE "SensorLimitOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "point" TEXT NOT NULL,
    "low" REAL,
    "high" REAL,
    "hysteresis" REAL NOT NULL,
    "minDurationSec" INTEGER NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SensorLimitChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "point" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" TEXT NOT NULL,
    "after" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "note" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "SensorPoint_deviceId_point_key" ON "SensorPoint"("deviceId", "point");

-- CreateIndex
CREATE INDEX "SensorHourly_chart_idx" ON "SensorHourly"("pointId", "hour", "min", "max", "sum", "count");

-- CreateIndex
CREATE UNIQUE INDEX "SensorLimitOverride_deviceId_point_key" ON "SensorLimitOverride"("deviceId", "point");

-- CreateIndex
CREATE INDEX "SensorLimitChange_deviceId_point_at_idx" ON "SensorLimitChange"("deviceId", "point", "at");
