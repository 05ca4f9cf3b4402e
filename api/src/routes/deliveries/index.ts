import {
  deliveryTargetStatus,
  listInboundMessages,
  listTargetMessages,
  resendDelivery,
} from '../../services/deliveries/delivery-monitor';
import { admins, recordsAndAdmins, resourceRoutes } from '../endpoint';
import { accepted } from '../replies';
import * as schemas from './deliveries.schemas';

// The EHR interfaces as records staff and admins watch them: target status, per-target message log
// with resend, and the inbound HL7 log. See services/deliveries.
export const deliveryRoutes = resourceRoutes(['deliveries'], (app, ctx, endpoint) => {
  app.get(
    '/delivery-targets',
    endpoint(recordsAndAdmins, {
      description:
        'Configured EHR targets: deliveries by status, failing since, and alert (failing for DELIVERY_ALERT_MINUTES or deliveries needing attention).',
      response: { 200: schemas.targetStatusSchema },
    }),
    async () => ({ items: await deliveryTargetStatus(ctx) }),
  );

  app.get(
    '/delivery-targets/:target/messages',
    endpoint(recordsAndAdmins, {
      description:
        "A target's message log, newest first: every message sent with its ACK or HTTP response (MSA-3, ERR, OperationOutcome issues).",
      params: schemas.targetParams,
      querystring: schemas.messagesQuery,
      response: { 200: schemas.messageLogSchema },
    }),
    async (request) => ({ items: await listTargetMessages(ctx, request.params.target, request.query) }),
  );

  app.post(
    '/deliveries/:id/resend',
    endpoint(recordsAndAdmins, {
      description: 'Send a delivered or stopped delivery again (it goes back in line for its target).',
      params: schemas.deliveryIdParams,
      response: { 202: schemas.resentSchema },
    }),
    async (request, reply) => accepted(reply, resendDelivery(ctx, request.actor, request.params.id)),
  );

  app.get(
    '/hl7/inbound-messages',
    endpoint(admins, {
      description: 'Inbound HL7 (ADT over MLLP) messages, newest first, with the ACK each was answered with.',
      querystring: schemas.inboundQuery,
      response: { 200: schemas.inboundSchema },
    }),
    async (request) => ({ items: await listInboundMessages(ctx, request.query) }),
  );
});
