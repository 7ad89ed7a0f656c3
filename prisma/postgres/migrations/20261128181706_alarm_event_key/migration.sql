/*
  Warnings:

  - A unique constraint covering the columns `[alarmId,eventKey]` on the table `AlarmAction` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "AlarmAction" ADD COLUMN     "eventKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AlarmAction_alarmId_eventKey_key" ON "AlarmAction"("alarmId", "eventKey");
