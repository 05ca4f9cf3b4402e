import { deliveryTargetName } from '@dictum/core/domain/delivery/delivery-targets';
import { z } from 'zod';

const statusCounts = z.object({ PENDING: z.number(), SENT: z.number(), FAILED: z.number() });

export const targetStatusSchema = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['fhir', 'mllp', 'folder']),
      byStatus: statusCounts,
      failingSince: z.string().nullable(),
      needsAttention: z.number(),
      alert: z.boolean(),
    }),
  ),
});

export const targetParams = z.object({ target: z.string().regex(deliveryTargetName) });
export const messagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().datetime().optional(),
});

const issue = z.object({
  code: z.string(),
  severity: z.string().optional(),
  location: z.string().optional(),
  text: z.string().optional(),
});

export const messageLogSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      deliveryId: z.string(),
      documentId: z.string(),
      documentNumber: z.string(),
      event: z.enum(['PUBLISH', 'SUPERSEDE', 'RETRACT']),
      deliveryStatus: z.enum(['PENDING', 'SENT', 'FAILED']),
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

export const deliveryIdParams = z.object({ id: z.string().uuid() });
export const resentSchema = z.object({
  id: z.string(),
  target: z.string(),
  event: z.enum(['PUBLISH', 'SUPERSEDE', 'RETRACT']),
  status: z.enum(['PENDING', 'SENT', 'FAILED']),
  attempts: z.number(),
  lastError: z.string().nullable(),
});

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
