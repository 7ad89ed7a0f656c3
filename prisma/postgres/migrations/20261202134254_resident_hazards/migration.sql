-- AlterTable
ALTER TABLE "Hazard" ADD COLUMN     "communityId" TEXT,
ALTER COLUMN "unitId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Hazard_communityId_status_idx" ON "Hazard"("communityId", "status");
