-- CreateEnum
CREATE TYPE "DeliveryEvent" AS ENUM ('PUBLISH', 'SUPERSEDE', 'RETRACT');

-- DropIndex
DROP INDEX "Delivery_documentId_target_key";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "credentials" TEXT,
ADD COLUMN     "ehrProviderIds" JSONB,
ADD COLUMN     "npi" TEXT;

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN     "adtUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "mergedAt" TIMESTAMP(3),
ADD COLUMN     "mergedIntoId" UUID;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "event" "DeliveryEvent" NOT NULL DEFAULT 'PUBLISH',
ADD COLUMN     "failingSince" TIMESTAMP(3),
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3),
ADD COLUMN     "note" TEXT,
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateTable
CREATE TABLE "DeliveryMessage" (
    "id" UUID NOT NULL,
    "deliveryId" UUID NOT NULL,
    "target" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "controlId" TEXT,
    "request" TEXT NOT NULL,
    "response" TEXT,
    "outcome" TEXT NOT NULL,
    "ackCode" TEXT,
    "ackText" TEXT,
    "errors" JSONB,
    "resentById" UUID,

    CONSTRAINT "DeliveryMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hl7InboundMessage" (
    "id" UUID NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "controlId" TEXT,
    "messageType" TEXT,
    "outcome" TEXT NOT NULL,
    "ackCode" TEXT NOT NULL,
    "error" TEXT,
    "patientId" UUID,
    "raw" TEXT NOT NULL,

    CONSTRAINT "Hl7InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeliveryMessage_target_sentAt_idx" ON "DeliveryMessage"("target", "sentAt");

-- CreateIndex
CREATE INDEX "DeliveryMessage_deliveryId_sentAt_idx" ON "DeliveryMessage"("deliveryId", "sentAt");

-- CreateIndex
CREATE INDEX "Hl7InboundMessage_receivedAt_idx" ON "Hl7InboundMessage"("receivedAt");

-- CreateIndex
CREATE INDEX "Hl7InboundMessage_controlId_idx" ON "Hl7InboundMessage"("controlId");

-- CreateIndex
CREATE UNIQUE INDEX "User_npi_key" ON "User"("npi");

-- CreateIndex
CREATE INDEX "Delivery_target_status_seq_idx" ON "Delivery"("target", "status", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_documentId_target_event_key" ON "Delivery"("documentId", "target", "event");

-- AddForeignKey
ALTER TABLE "DeliveryMessage" ADD CONSTRAINT "DeliveryMessage_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
