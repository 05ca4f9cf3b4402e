import { z } from 'zod';

// The closed value sets the REST contract shares with the database. Each list equals its Prisma enum
// (prisma/schema.prisma), in the same order: tests/unit/contract-enums.test.ts compares them.

export const roles = ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS', 'ADMIN'] as const;
export const roleSchema = z.enum(roles);
export type Role = (typeof roles)[number];

export const dictationStatuses = [
  'UPLOADED',
  'QUEUED',
  'TRANSCRIBING',
  'DRAFT_READY',
  'TRANSCRIPTION_FAILED',
  'IN_EDIT',
  'FINALIZED',
  'SIGNED',
  'FILED',
  'AMENDED',
  'CANCELLED',
] as const;
export const dictationStatusSchema = z.enum(dictationStatuses);
export type DictationStatus = (typeof dictationStatuses)[number];

export const documentStatuses = [
  'FINALIZED',
  'SIGNED',
  'FILED',
  'SUPERSEDED',
  'ENTERED_IN_ERROR',
  'RETURNED',
] as const;
export const documentStatusSchema = z.enum(documentStatuses);
export type DocumentStatus = (typeof documentStatuses)[number];

export const documentKinds = ['ORIGINAL', 'ADDENDUM', 'REPLACEMENT'] as const;
export const documentKindSchema = z.enum(documentKinds);
export type DocumentKind = (typeof documentKinds)[number];

export const deliveryStatuses = ['PENDING', 'SENT', 'FAILED'] as const;
export const deliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** PUBLISH the note; SUPERSEDE / RETRACT: tell the receiver it was replaced / withdrawn. */
export const deliveryEvents = ['PUBLISH', 'SUPERSEDE', 'RETRACT'] as const;
export const deliveryEventSchema = z.enum(deliveryEvents);
export type DeliveryEvent = (typeof deliveryEvents)[number];

export const priorities = ['STAT', 'ROUTINE'] as const;
export const prioritySchema = z.enum(priorities);
export type Priority = (typeof priorities)[number];

export const sexes = ['male', 'female', 'other', 'unknown'] as const;
export const sexSchema = z.enum(sexes);
export type Sex = (typeof sexes)[number];

export const transcriptSources = ['engine', 'edit'] as const;
export const transcriptSourceSchema = z.enum(transcriptSources);
export type TranscriptSource = (typeof transcriptSources)[number];

export const blankStatuses = ['OPEN', 'RESOLVED', 'ROUTED_TO_AUTHOR'] as const;
export const blankStatusSchema = z.enum(blankStatuses);
export type BlankStatus = (typeof blankStatuses)[number];
