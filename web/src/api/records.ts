// The records staff's API: filing queue, document view, reassignment, filing, EHR
// deliveries, exports, the patient chart, new patients and line counts (api/src/routes/documents,
// patients). Amendments, retraction and signatures: ./review.ts.
import { request } from './client';
import type { DocumentDetail, DocumentListFilter, DocumentSummary, Page, Patient } from './types';
import { enc, qs } from './url';

export type ExportFormat = 'pdf' | 'fhir' | 'hl7';
export type DeliveryTarget = 'fhir' | 'mllp' | 'folder';
export type LineCountGrouping = 'total' | 'day' | 'month';

export interface LineCountReport {
  from: string;
  to: string;
  groupBy: LineCountGrouping;
  charactersPerLine: number;
  definitions: Record<string, string>;
  items: {
    transcriptionist: { id: string; username: string; displayName: string | null; role: string };
    /** YYYY-MM-DD (day), YYYY-MM (month) or null (the whole range). */
    period: string | null;
    documents: number;
    linesWithSpaces: number;
    linesVisible: number;
  }[];
  totals: { documents: number; linesWithSpaces: number; linesVisible: number };
}

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
    request<unknown>(`/documents/${enc(id)}/deliveries/${enc(target)}/retry`, { method: 'POST' }),
  exportUrl: (id: string, format: ExportFormat) => `/api/v1/documents/${enc(id)}/${format}`,

  patient: (mrn: string) => request<Patient>(`/patients/${enc(mrn)}`),
  patientDocuments: (mrn: string, cursor?: string | null) =>
    request<Page<DocumentDetail>>(`/patients/${enc(mrn)}/documents${qs({ cursor, limit: 200 })}`),
  createPatient: (p: Patient) => request<Patient>('/patients', { method: 'POST', body: p }),

  lineCounts: (p: { from?: string; to?: string; groupBy: LineCountGrouping }) =>
    request<LineCountReport>(`/reports/line-counts${qs(p)}`),
};
