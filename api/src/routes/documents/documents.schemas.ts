// The REST contract of /documents and line counts: contracts/src/documents.ts (the web app and tests share it).
export { idParams, pageQuery } from '@dictum/contracts/common';
export { deliverySchema } from '@dictum/contracts/deliveries';
export {
  amendBody,
  amendResponse,
  documentDetailPage,
  documentDetailSchema,
  documentPage,
  documentSchema,
  documentVersionsSchema,
  lineCountQuery,
  lineCountReportSchema,
  listDocumentsQuery,
  retractBody,
  retryParams,
  returnBody,
  signBody,
} from '@dictum/contracts/documents';
export {
  mrnParams,
  patientAssignmentBody as reassignBody,
  patientAssignmentBody as refileBody,
} from '@dictum/contracts/patients';
