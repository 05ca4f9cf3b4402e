// The REST contract of the shared text expanders: contracts/src/text-expanders.ts.
export {
  abbreviationParams,
  abbreviationSchema,
  createTextExpanderBody,
  textExpanderListSchema,
  textExpanderSchema,
  updateTextExpanderBody,
} from '@dictum/contracts/text-expanders';
