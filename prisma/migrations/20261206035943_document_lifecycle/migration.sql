-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DocumentStatus" ADD VALUE 'ENTERED_IN_ERROR';
ALTER TYPE "DocumentStatus" ADD VALUE 'RETURNED';

-- AlterTable
ALTER TABLE "Dictation" ADD COLUMN     "returnComment" TEXT,
ADD COLUMN     "returnedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "reason" TEXT,
ADD COLUMN     "retractedAt" TIMESTAMP(3),
ADD COLUMN     "retractedById" UUID,
ADD COLUMN     "retractionReason" TEXT,
ADD COLUMN     "returnedAt" TIMESTAMP(3),
ADD COLUMN     "signedTextSha256" TEXT;
