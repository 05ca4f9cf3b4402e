import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import {
  deliveryTargetStatus,
  listInboundMessages,
  listTargetMessages,
  resendDelivery,
} from '../../services/deliveries/delivery-monitor';
import {
  deliveryIdParams,
  inboundQuery,
  inboundSchema,
  messageLogSchema,
  messagesQuery,
  resentSchema,
  targetParams,
  targetStatusSchema,
} from './deliveries.schemas';

const tags = ['deliveries'];

// The EHR interfaces as records staff and admins watch them: target status, per-target message log
// with resend, and the inbound HL7 log. See services/deliveries.
export const deliveryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/delivery-targets',
      {
        config: { roles: ['RECORDS', 'ADMIN'] },
        schema: {
          tags,
          description:
            'Configured EHR targets: deliveries by status, failing since, and alert (failing for DELIVERY_ALERT_MINUTES or deliveries needing attention).',
          response: { 200: targetStatusSchema },
        },
      },
      async () => ({ items: await deliveryTargetStatus(ctx) }),
    );

    app.get(
      '/delivery-targets/:target/messages',
      {
        config: { roles: ['RECORDS', 'ADMIN'] },
        schema: {
          tags,
          description:
            "A target's message log, newest first: every message sent with its ACK or HTTP response (MSA-3, ERR, OperationOutcome issues).",
          params: targetParams,
          querystring: messagesQuery,
          response: { 200: messageLogSchema },
        },
      },
      async (request) => ({ items: await listTargetMessages(ctx, request.params.target, request.query) }),
    );

    app.post(
      '/deliveries/:id/resend',
      {
        config: { roles: ['RECORDS', 'ADMIN'] },
        schema: {
          tags,
          description: 'Send a delivered or stopped delivery again (it goes back in line for its target).',
          params: deliveryIdParams,
          response: { 202: resentSchema },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await resendDelivery(ctx, request.actor, request.params.id)),
    );

    app.get(
      '/hl7/inbound-messages',
      {
        config: { roles: ['ADMIN'] },
        schema: {
          tags,
          description:
            'Inbound HL7 (ADT over MLLP) messages, newest first, with the ACK each was answered with.',
          querystring: inboundQuery,
          response: { 200: inboundSchema },
        },
      },
      async (request) => ({ items: await listInboundMessages(ctx, request.query) }),
    );
  };
