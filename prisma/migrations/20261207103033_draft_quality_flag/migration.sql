-- AlterTable
ALTER TABLE "DraftQuality" ADD COLUMN     "changedDraftWords" INTEGER,
ADD COLUMN     "flaggedChanged" INTEGER,
ADD COLUMN     "flaggedWords" INTEGER;
