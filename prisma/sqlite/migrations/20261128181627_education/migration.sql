-- CreateTable
CREATE TABLE "EducationContent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "coverId" TEXT,
    "videoUrl" TEXT,
    "videoId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "authorId" TEXT NOT NULL,
    "submittedBy" TEXT,
    "reviewNote" TEXT,
    "publishedAt" DATETIME,
    "publishedBy" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EducationContent_coverId_fkey" FOREIGN KEY ("coverId") REFERENCES "EducationMedia" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EducationContent_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES "EducationMedia" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuizQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contentId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "choices" TEXT NOT NULL,
    "answer" INTEGER NOT NULL,
    "explanation" TEXT NOT NULL,
    CONSTRAINT "QuizQuestion_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "EducationContent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContentEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contentId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContentEvent_contentId_fkey" FOREIGN KEY ("contentId") REFERENCES "EducationContent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EducationMedia" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "smallFile" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "bytes" INTEGER NOT NULL,
    "alt" TEXT NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SafetyWarning" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "level" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "EducationContent_slug_key" ON "EducationContent"("slug");

-- CreateIndex
CREATE INDEX "EducationContent_kind_status_topic_idx" ON "EducationContent"("kind", "status", "topic");

-- CreateIndex
CREATE INDEX "EducationContent_status_publishedAt_idx" ON "EducationContent"("status", "publishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "QuizQuestion_contentId_position_key" ON "QuizQuestion"("contentId", "position");

-- CreateIndex
CREATE INDEX "ContentEvent_contentId_createdAt_idx" ON "ContentEvent"("contentId", "createdAt");

-- CreateIndex
CREATE INDEX "SafetyWarning_endsAt_idx" ON "SafetyWarning"("endsAt");
