// EHR interfaces for records staff and admins (api/src/routes/deliveries): each target's status and
// alert, its message log (every message sent with the ACK or HTTP response), and resend.
import { request } from './client';
import { enc, qs } from './url';

export interface DeliveryTargetStatus {
  name: string;
  kind: 'fhir' | 'mllp' | 'folder';
  byStatus: { PENDING: number; SENT: number; FAILED: number };
  failingSince: string | null;
  needsAttention: number;
  alert: boolean;
}

export interface ReceiverIssue {
  code: string;
  severity?: string;
  location?: string;
  text?: string;
}

export interface DeliveryMessage {
  id: string;
  deliveryId: string;
  documentId: string;
  documentNumber: string;
  event: 'PUBLISH' | 'SUPERSEDE' | 'RETRACT';
  deliveryStatus: 'PENDING' | 'SENT' | 'FAILED';
  sentAt: string;
  controlId: string | null;
  outcome: string;
  ackCode: string | null;
  ackText: string | null;
  errors: ReceiverIssue[];
  request: string;
  response: string | null;
  resentById: string | null;
}

export const deliveriesApi = {
  targets: () => request<{ items: DeliveryTargetStatus[] }>('/delivery-targets'),
  messages: (target: string, before?: string) =>
    request<{ items: DeliveryMessage[] }>(
      `/delivery-targets/${enc(target)}/messages${qs({ limit: 50, before })}`,
    ),
  resend: (deliveryId: string) =>
    request<unknown>(`/deliveries/${enc(deliveryId)}/resend`, { method: 'POST' }),
};
