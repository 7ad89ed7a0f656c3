-- AlterTable
ALTER TABLE "HouseholdInvite" ADD COLUMN "reason" TEXT;
ALTER TABLE "HouseholdInvite" ADD COLUMN "replacesOwner" TEXT;

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN "sessionId" TEXT;

-- CreateTable
CREATE TABLE "AuthSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "note" TEXT
);

-- CreateIndex
CREATE INDEX "AuthSession_subject_idx" ON "AuthSession"("subject");

-- CreateIndex
CREATE INDEX "AuditEvent_subject_at_idx" ON "AuditEvent"("subject", "at");

-- CreateIndex
CREATE INDEX "RefreshToken_sessionId_idx" ON "RefreshToken"("sessionId");
