-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS', 'ADMIN');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('male', 'female', 'other', 'unknown');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('STAT', 'ROUTINE');

-- CreateEnum
CREATE TYPE "DictationStatus" AS ENUM ('UPLOADED', 'QUEUED', 'TRANSCRIBING', 'DRAFT_READY', 'TRANSCRIPTION_FAILED', 'IN_EDIT', 'FINALIZED', 'SIGNED', 'FILED', 'AMENDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TranscriptSource" AS ENUM ('engine', 'edit');

-- CreateEnum
CREATE TYPE "BlankStatus" AS ENUM ('OPEN', 'RESOLVED', 'ROUTED_TO_AUTHOR');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('ORIGINAL', 'ADDENDUM', 'REPLACEMENT');

-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('FINALIZED', 'SIGNED', 'FILED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "passwordChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "mfaSecret" TEXT,
    "mfaEnabled" BOOLEAN NOT NULL DEFAULT false,
    "mfaLastStep" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "mfaPending" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Patient" (
    "id" UUID NOT NULL,
    "mrn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "sex" "Sex" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Encounter" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "visitNumber" TEXT NOT NULL,
    "date" TIMESTAMP(3),
    "location" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Encounter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkType" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "loinc" TEXT NOT NULL,
    "requiresSignature" BOOLEAN NOT NULL DEFAULT false,
    "tatStatHours" INTEGER NOT NULL,
    "tatRoutineHours" INTEGER NOT NULL,
    "template" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dictation" (
    "id" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "encounterId" UUID,
    "workTypeId" UUID NOT NULL,
    "priority" "Priority" NOT NULL,
    "status" "DictationStatus" NOT NULL DEFAULT 'UPLOADED',
    "statusReason" TEXT,
    "dictatedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "audioKey" TEXT,
    "audioSha256" TEXT NOT NULL,
    "audioContentType" TEXT NOT NULL,
    "audioSizeBytes" BIGINT NOT NULL,
    "audioCodec" TEXT,
    "durationSec" DOUBLE PRECISION,
    "audioVersion" INTEGER NOT NULL DEFAULT 1,
    "audioPurgedAt" TIMESTAMP(3),
    "transcriptionRun" INTEGER NOT NULL DEFAULT 1,
    "idempotencyKey" TEXT,
    "possibleDuplicateOfId" UUID,
    "assigneeId" UUID,
    "claimedAt" TIMESTAMP(3),
    "claimExpiresAt" TIMESTAMP(3),
    "documentId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dictation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TranscriptVersion" (
    "id" UUID NOT NULL,
    "dictationId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "source" "TranscriptSource" NOT NULL,
    "text" TEXT NOT NULL,
    "words" JSONB NOT NULL,
    "engine" TEXT,
    "model" TEXT,
    "rawText" TEXT,
    "engineRun" INTEGER,
    "authorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TranscriptVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Blank" (
    "id" UUID NOT NULL,
    "dictationId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "audioTime" DOUBLE PRECISION NOT NULL,
    "note" TEXT,
    "status" "BlankStatus" NOT NULL DEFAULT 'OPEN',
    "createdById" UUID NOT NULL,
    "resolvedById" UUID,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Blank_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "dictationId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "encounterId" UUID,
    "workTypeId" UUID NOT NULL,
    "kind" "DocumentKind" NOT NULL DEFAULT 'ORIGINAL',
    "parentId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "DocumentStatus" NOT NULL,
    "text" TEXT NOT NULL,
    "transcriptVersionId" UUID,
    "authorId" UUID NOT NULL,
    "finalizedById" UUID NOT NULL,
    "finalizedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signedById" UUID,
    "signedAt" TIMESTAMP(3),
    "filedById" UUID,
    "filedAt" TIMESTAMP(3),
    "supersededAt" TIMESTAMP(3),
    "linesWithSpaces" INTEGER NOT NULL,
    "linesVisible" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "target" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "payloadId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" UUID,
    "username" TEXT,
    "role" TEXT,
    "action" TEXT NOT NULL,
    "objectType" TEXT,
    "objectId" TEXT,
    "patientId" UUID,
    "patientMrn" TEXT,
    "ip" TEXT,
    "requestId" TEXT,
    "details" JSONB,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TextExpander" (
    "id" UUID NOT NULL,
    "abbreviation" TEXT NOT NULL,
    "expansion" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TextExpander_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VocabularyTerm" (
    "id" UUID NOT NULL,
    "term" TEXT NOT NULL,
    "pronunciation" TEXT,
    "category" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VocabularyTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "DraftQuality" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "dictationId" UUID NOT NULL,
    "engine" TEXT NOT NULL,
    "authorId" UUID NOT NULL,
    "workTypeId" UUID NOT NULL,
    "draftWords" INTEGER NOT NULL,
    "finalWords" INTEGER NOT NULL,
    "wordErrors" INTEGER NOT NULL,
    "wer" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DraftQuality_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_mrn_key" ON "Patient"("mrn");

-- CreateIndex
CREATE UNIQUE INDEX "Encounter_patientId_visitNumber_key" ON "Encounter"("patientId", "visitNumber");

-- CreateIndex
CREATE UNIQUE INDEX "WorkType_code_key" ON "WorkType"("code");

-- CreateIndex
CREATE INDEX "Dictation_status_priority_dueAt_idx" ON "Dictation"("status", "priority", "dueAt");

-- CreateIndex
CREATE INDEX "Dictation_authorId_createdAt_idx" ON "Dictation"("authorId", "createdAt");

-- CreateIndex
CREATE INDEX "Dictation_audioSha256_idx" ON "Dictation"("audioSha256");

-- CreateIndex
CREATE INDEX "Dictation_createdAt_id_idx" ON "Dictation"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Dictation_authorId_idempotencyKey_key" ON "Dictation"("authorId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "TranscriptVersion_dictationId_version_key" ON "TranscriptVersion"("dictationId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "TranscriptVersion_dictationId_engineRun_key" ON "TranscriptVersion"("dictationId", "engineRun");

-- CreateIndex
CREATE INDEX "Blank_dictationId_status_idx" ON "Blank"("dictationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Document_number_key" ON "Document"("number");

-- CreateIndex
CREATE INDEX "Document_status_finalizedAt_idx" ON "Document"("status", "finalizedAt");

-- CreateIndex
CREATE INDEX "Document_patientId_idx" ON "Document"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_documentId_target_key" ON "Delivery"("documentId", "target");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_username_at_idx" ON "AuditEvent"("username", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_patientMrn_at_idx" ON "AuditEvent"("patientMrn", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE UNIQUE INDEX "TextExpander_abbreviation_key" ON "TextExpander"("abbreviation");

-- CreateIndex
CREATE UNIQUE INDEX "VocabularyTerm_term_key" ON "VocabularyTerm"("term");

-- CreateIndex
CREATE UNIQUE INDEX "DraftQuality_documentId_key" ON "DraftQuality"("documentId");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dictation" ADD CONSTRAINT "Dictation_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dictation" ADD CONSTRAINT "Dictation_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dictation" ADD CONSTRAINT "Dictation_encounterId_fkey" FOREIGN KEY ("encounterId") REFERENCES "Encounter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dictation" ADD CONSTRAINT "Dictation_workTypeId_fkey" FOREIGN KEY ("workTypeId") REFERENCES "WorkType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dictation" ADD CONSTRAINT "Dictation_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TranscriptVersion" ADD CONSTRAINT "TranscriptVersion_dictationId_fkey" FOREIGN KEY ("dictationId") REFERENCES "Dictation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TranscriptVersion" ADD CONSTRAINT "TranscriptVersion_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Blank" ADD CONSTRAINT "Blank_dictationId_fkey" FOREIGN KEY ("dictationId") REFERENCES "Dictation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_dictationId_fkey" FOREIGN KEY ("dictationId") REFERENCES "Dictation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_encounterId_fkey" FOREIGN KEY ("encounterId") REFERENCES "Encounter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_workTypeId_fkey" FOREIGN KEY ("workTypeId") REFERENCES "WorkType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
