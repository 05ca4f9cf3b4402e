// The REST contract of EHR deliveries: contracts/src/deliveries.ts (the web app and tests share it).
export {
  deliveryIdParams,
  inboundQuery,
  inboundSchema,
  messageLogSchema,
  messagesQuery,
  resentSchema,
  targetParams,
  targetStatusSchema,
} from '@dictum/contracts/deliveries';
