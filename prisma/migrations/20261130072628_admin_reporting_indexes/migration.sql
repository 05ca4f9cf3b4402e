-- CreateIndex
CREATE INDEX "Delivery_status_updatedAt_idx" ON "Delivery"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "DraftQuality_createdAt_idx" ON "DraftQuality"("createdAt");
