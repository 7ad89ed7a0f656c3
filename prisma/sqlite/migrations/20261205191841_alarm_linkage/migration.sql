-- AlterTable
ALTER TABLE "Alarm" ADD COLUMN "linkageLeaseUntil" DATETIME;
ALTER TABLE "Alarm" ADD COLUMN "linkagePhase" TEXT;

-- CreateIndex
CREATE INDEX "Alarm_kind_linkagePhase_idx" ON "Alarm"("kind", "linkagePhase");

-- Alarms from before: their linkage ran in the alarm engine's listener, so the sweep has nothing to redo
UPDATE "Alarm" SET "linkagePhase" = CASE WHEN "status" = 'RESOLVED' THEN 'resolved' ELSE 'raised' END;
