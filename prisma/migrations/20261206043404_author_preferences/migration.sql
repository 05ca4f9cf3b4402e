-- AlterTable
ALTER TABLE "User" ADD COLUMN     "authorPreferences" TEXT;
