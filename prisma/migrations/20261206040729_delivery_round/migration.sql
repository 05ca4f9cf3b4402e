-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 0;
