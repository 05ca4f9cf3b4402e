-- CreateTable
CREATE TABLE "TextSnippet" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "ownerId" UUID,
    "authorId" UUID,
    "workTypeId" UUID,
    "abbreviation" TEXT,
    "text" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TextSnippet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TextSnippet_ownerId_idx" ON "TextSnippet"("ownerId");

-- CreateIndex
CREATE INDEX "TextSnippet_authorId_idx" ON "TextSnippet"("authorId");
