-- CreateEnum
CREATE TYPE "CentreLevel" AS ENUM ('COUNTY', 'TOWNSHIP', 'COMMUNITY');

-- CreateEnum
CREATE TYPE "SessionTopic" AS ENUM ('SMOKE_ESCAPE', 'EXTINGUISHER_USE', 'HOME_HAZARDS', 'EBIKE_SAFETY', 'GAS_SAFETY', 'COMPREHENSIVE');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('OPEN', 'CANCELLED', 'CLOSED');

-- CreateEnum
CREATE TYPE "BookingKind" AS ENUM ('FAMILY', 'GROUP');

-- CreateEnum
CREATE TYPE "GroupType" AS ENUM ('TOWNSHIP', 'SCHOOL', 'COMMUNITY', 'COMPANY');

-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('CONFIRMED', 'WAITLISTED', 'OFFERED', 'CHECKED_IN', 'NO_SHOW', 'CANCELLED', 'EXPIRED', 'SESSION_CANCELLED');

-- CreateTable
CREATE TABLE "Centre" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "CentreLevel" NOT NULL,
    "townshipId" TEXT,
    "communityId" TEXT,
    "runByTownshipId" TEXT,
    "runByCompanyId" TEXT,
    "address" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "capacity" INTEGER NOT NULL,
    "facilities" TEXT NOT NULL DEFAULT '[]',
    "openingHours" TEXT NOT NULL,
    "photos" TEXT NOT NULL DEFAULT '[]',
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Centre_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CentreStaff" (
    "id" TEXT NOT NULL,
    "centreId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CentreStaff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionTemplate" (
    "id" TEXT NOT NULL,
    "centreId" TEXT NOT NULL,
    "topic" "SessionTopic" NOT NULL,
    "title" TEXT NOT NULL,
    "weekdays" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "minAge" INTEGER,
    "maxAge" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CentreSession" (
    "id" TEXT NOT NULL,
    "centreId" TEXT NOT NULL,
    "templateId" TEXT,
    "date" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "topic" "SessionTopic" NOT NULL,
    "title" TEXT NOT NULL,
    "minAge" INTEGER,
    "maxAge" INTEGER,
    "capacity" INTEGER NOT NULL,
    "bookedSeats" INTEGER NOT NULL DEFAULT 0,
    "waitlistCapacity" INTEGER NOT NULL,
    "waitlistedSeats" INTEGER NOT NULL DEFAULT 0,
    "status" "SessionStatus" NOT NULL DEFAULT 'OPEN',
    "cancelReason" TEXT,
    "attendanceClosedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CentreSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CentreClosure" (
    "id" TEXT NOT NULL,
    "centreId" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CentreClosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "kind" "BookingKind" NOT NULL,
    "status" "BookingStatus" NOT NULL,
    "seats" INTEGER NOT NULL,
    "residentId" TEXT,
    "staffUserId" TEXT,
    "townshipId" TEXT,
    "groupType" "GroupType",
    "groupName" TEXT,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "attendees" TEXT,
    "activeSlot" TEXT DEFAULT 'ACTIVE',
    "waitlistedAt" TIMESTAMP(3),
    "waitReason" TEXT,
    "offeredAt" TIMESTAMP(3),
    "offerExpiresAt" TIMESTAMP(3),
    "checkedInAt" TIMESTAMP(3),
    "checkedInBy" TEXT,
    "attendedCount" INTEGER,
    "cancelledAt" TIMESTAMP(3),
    "cancelledBy" TEXT,
    "cancelReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "CentreStaff" ADD CONSTRAINT "CentreStaff_centreId_fkey" FOREIGN KEY ("centreId") REFERENCES "Centre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionTemplate" ADD CONSTRAINT "SessionTemplate_centreId_fkey" FOREIGN KEY ("centreId") REFERENCES "Centre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CentreSession" ADD CONSTRAINT "CentreSession_centreId_fkey" FOREIGN KEY ("centreId") REFERENCES "Centre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CentreSession" ADD CONSTRAINT "CentreSession_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "SessionTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CentreClosure" ADD CONSTRAINT "CentreClosure_centreId_fkey" FOREIGN KEY ("centreId") REFERENCES "Centre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "CentreSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
