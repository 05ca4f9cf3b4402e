-- AlterTable
ALTER TABLE "TranscriptVersion" ADD COLUMN     "draftConfidences" DOUBLE PRECISION[];
