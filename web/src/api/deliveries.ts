// EHR interfaces for records staff and admins (api/src/routes/deliveries): each target's status and
// alert, its message log (every message sent with the ACK or HTTP response), and resend.
import { request } from './client';
import type { DeliveryMessage, DeliveryTargetStatus, ResentDelivery } from './types';
import { enc, qs } from './url';

export type { DeliveryMessage, DeliveryTargetStatus, ReceiverIssue } from './types';

export const deliveriesApi = {
  targets: () => request<{ items: DeliveryTargetStatus[] }>('/delivery-targets'),
  messages: (target: string, before?: string) =>
    request<{ items: DeliveryMessage[] }>(
      `/delivery-targets/${enc(target)}/messages${qs({ limit: 50, before })}`,
    ),
  resend: (deliveryId: string) =>
    request<ResentDelivery>(`/deliveries/${enc(deliveryId)}/resend`, { method: 'POST' }),
};
