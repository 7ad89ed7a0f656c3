-- CreateTable
CREATE TABLE "FacilityTest" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "results" TEXT NOT NULL,
    "note" TEXT,
    "reportIds" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FacilityTest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FacilityTest_unitId_kind_at_idx" ON "FacilityTest"("unitId", "kind", "at");
