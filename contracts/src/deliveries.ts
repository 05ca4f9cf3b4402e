import { z } from 'zod';
import { deliveryEventSchema, deliveryStatusSchema } from './enums';

// EHR deliveries of filed notes: per document, per target, the message log, inbound ADT.

/** A delivery target's name in config and in paths. */
export const deliveryTargetName = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const deliveryTargetKinds = ['fhir', 'mllp', 'folder'] as const;
export type DeliveryTargetKind = (typeof deliveryTargetKinds)[number];

export const deliverySchema = z.object({
  target: z.string(),
  event: deliveryEventSchema,
  status: deliveryStatusSchema,
  attempts: z.number(),
  /** A reason code and status numbers; never patient data. */
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

const statusCounts = z.object({ PENDING: z.number(), SENT: z.number(), FAILED: z.number() });

export const targetStatusSchema = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(deliveryTargetKinds),
      byStatus: statusCounts,
      failingSince: z.string().nullable(),
      needsAttention: z.number(),
      alert: z.boolean(),
    }),
  ),
});
export type DeliveryTargetStatus = z.infer<typeof targetStatusSchema>['items'][number];

export const targetParams = z.object({ target: z.string().regex(deliveryTargetName) });
export const messagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().datetime().optional(),
});

/** What the receiver said was wrong (an ACK's ERR segment, a FHIR OperationOutcome issue). */
const issue = z.object({
  code: z.string(),
  severity: z.string().optional(),
  location: z.string().optional(),
  text: z.string().optional(),
});
export type ReceiverIssue = z.infer<typeof issue>;

export const messageLogSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      deliveryId: z.string(),
      documentId: z.string(),
      documentNumber: z.string(),
      event: deliveryEventSchema,
      deliveryStatus: deliveryStatusSchema,
      sentAt: z.string(),
      controlId: z.string().nullable(),
      outcome: z.string(),
      ackCode: z.string().nullable(),
      ackText: z.string().nullable(),
      errors: z.array(issue),
      request: z.string(),
      response: z.string().nullable(),
      resentById: z.string().nullable(),
    }),
  ),
});
export type DeliveryMessage = z.infer<typeof messageLogSchema>['items'][number];

export const deliveryIdParams = z.object({ id: z.string().uuid() });
export const resentSchema = z.object({
  id: z.string(),
  target: z.string(),
  event: deliveryEventSchema,
  status: deliveryStatusSchema,
  attempts: z.number(),
  lastError: z.string().nullable(),
});
export type ResentDelivery = z.infer<typeof resentSchema>;

export const inboundQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const inboundSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      receivedAt: z.string(),
      controlId: z.string().nullable(),
      messageType: z.string().nullable(),
      outcome: z.string(),
      ackCode: z.string(),
      error: z.string().nullable(),
      patientId: z.string().nullable(),
      raw: z.string(),
    }),
  ),
});
