// The records staff's API: filing queue, document view, reassignment, filing, EHR
// deliveries, exports, the patient chart, new patients and line counts (api/src/routes/documents,
// patients). Amendments, retraction and signatures: ./review.ts.
import { request } from './client';
import type {
  CreatePatientBody,
  Delivery,
  DocumentDetail,
  DocumentListFilter,
  DocumentSummary,
  DocumentWithText,
  LineCountGrouping,
  LineCountReport,
  Page,
  Patient,
} from './types';
import { enc, qs } from './url';

export type ExportFormat = 'pdf' | 'fhir' | 'hl7';
export type { DeliveryTargetKind as DeliveryTarget, LineCountGrouping, LineCountReport } from './types';

export const recordsApi = {
  documents: (status: DocumentListFilter, cursor?: string | null) =>
    request<Page<DocumentSummary>>(`/documents${qs({ status, cursor })}`),
  document: (id: string) => request<DocumentDetail>(`/documents/${enc(id)}`),
  reassign: (id: string, patientMrn: string, encounter?: string) =>
    request<DocumentSummary>(`/documents/${enc(id)}`, {
      method: 'PATCH',
      body: encounter ? { patientMrn, encounter } : { patientMrn },
    }),
  file: (id: string) => request<DocumentSummary>(`/documents/${enc(id)}/file`, { method: 'POST' }),
  retryDelivery: (id: string, target: string) =>
    request<Delivery>(`/documents/${enc(id)}/deliveries/${enc(target)}/retry`, { method: 'POST' }),
  exportUrl: (id: string, format: ExportFormat) => `/api/v1/documents/${enc(id)}/${format}`,

  patient: (mrn: string) => request<Patient>(`/patients/${enc(mrn)}`),
  patientDocuments: (mrn: string, cursor?: string | null) =>
    request<Page<DocumentWithText>>(`/patients/${enc(mrn)}/documents${qs({ cursor, limit: 200 })}`),
  createPatient: (p: CreatePatientBody) => request<Patient>('/patients', { method: 'POST', body: p }),

  lineCounts: (p: { from?: string; to?: string; groupBy: LineCountGrouping }) =>
    request<LineCountReport>(`/reports/line-counts${qs(p)}`),
};
