-- CreateTable
CREATE TABLE "Centre" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "townshipId" TEXT,
    "communityId" TEXT,
    "runByTownshipId" TEXT,
    "runByCompanyId" TEXT,
    "address" TEXT NOT NULL,
    "latitude" REAL,
    "longitude" REAL,
    "capacity" INTEGER NOT NULL,
    "facilities" TEXT NOT NULL DEFAULT '[]',
    "openingHours" TEXT NOT NULL,
    "photos" TEXT NOT NULL DEFAULT '[]',
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CentreStaff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "centreId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CentreStaff_centreId_fkey" FOREIGN KEY ("centreId") REFERENCES "Centre" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "centreId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "weekdays" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "minAge" INTEGER,
    "maxAge" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SessionTemplate_centreId_fkey" FOREIGN KEY ("centreId") REFERENCES "Centre" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CentreSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "centreId" TEXT NOT NULL,
    "templateId" TEXT,
    "date" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "topic" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "minAge" INTEGER,
    "maxAge" INTEGER,
    "capacity" INTEGER NOT NULL,
    "bookedSeats" INTEGER NOT NULL DEFAULT 0,
    "waitlistCapacity" INTEGER NOT NULL,
    "waitlistedSeats" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "cancelReason" TEXT,
    "attendanceClosedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CentreSession_centreId_fkey" FOREIGN KEY ("centreId") REFERENCES "Centre" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CentreSession_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "SessionTemplate" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CentreClosure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "centreId" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CentreClosure_centreId_fkey" FOREIGN KEY ("centreId") REFERENCES "Centre" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "seats" INTEGER NOT NULL,
    "residentId" TEXT,
    "staffUserId" TEXT,
    "townshipId" TEXT,
    "groupType" TEXT,
    "groupName" TEXT,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "attendees" TEXT,
    "activeSlot" TEXT DEFAULT 'ACTIVE',
    "waitlistedAt" DATETIME,
    "waitReason" TEXT,
    "offeredAt" DATETIME,
    "offerExpiresAt" DATETIME,
    "checkedInAt" DATETIME,
    "checkedInBy" TEXT,
    "attendedCount" INTEGER,
    "cancelledAt" DATETIME,
    "cancelledBy" TEXT,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Booking_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "CentreSession" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Centre_name_key" ON "Centre"("name");

-- CreateIndex
CREATE INDEX "Centre_townshipId_idx" ON "Centre"("townshipId");

-- CreateIndex
CREATE UNIQUE INDEX "CentreStaff_staffUserId_key" ON "CentreStaff"("staffUserId");

-- CreateIndex
CREATE INDEX "CentreStaff_centreId_idx" ON "CentreStaff"("centreId");

-- CreateIndex
CREATE INDEX "CentreSession_centreId_startsAt_idx" ON "CentreSession"("centreId", "startsAt");

-- CreateIndex
CREATE INDEX "CentreSession_status_endsAt_idx" ON "CentreSession"("status", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "CentreSession_templateId_date_key" ON "CentreSession"("templateId", "date");

-- CreateIndex
CREATE INDEX "CentreClosure_centreId_startDate_idx" ON "CentreClosure"("centreId", "startDate");

-- CreateIndex
CREATE INDEX "Booking_sessionId_status_waitlistedAt_idx" ON "Booking"("sessionId", "status", "waitlistedAt");

-- CreateIndex
CREATE INDEX "Booking_residentId_idx" ON "Booking"("residentId");

-- CreateIndex
CREATE INDEX "Booking_staffUserId_idx" ON "Booking"("staffUserId");

-- CreateIndex
CREATE INDEX "Booking_status_offerExpiresAt_idx" ON "Booking"("status", "offerExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Booking_sessionId_residentId_activeSlot_key" ON "Booking"("sessionId", "residentId", "activeSlot");
