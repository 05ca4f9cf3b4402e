-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "authenticatedAt" TIMESTAMP(3);

-- Sessions opened before this column existed counted from their creation (hand-added: keeps their
-- signing window as it was).
UPDATE "Session" SET "authenticatedAt" = "createdAt";
