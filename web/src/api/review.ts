// The document lifecycle over the API (api/src/routes/documents): the physician's signature, return
// to transcription and amendments; records staff's retraction and re-filing; every version of a note.
import { request } from './client';
import type {
  AmendBody,
  AmendResponse,
  DocumentDetail,
  DocumentSummary,
  DocumentWithText,
  Page,
  SignBody,
} from './types';
import { enc } from './url';

export type { AmendKind } from './types';

export const reviewApi = {
  toSign: () => request<Page<DocumentSummary>>('/documents/to-sign'),
  versions: (id: string) => request<DocumentWithText[]>(`/documents/${enc(id)}/versions`),
  /** Needs a sign-in within 5 minutes or the password (403 REAUTHENTICATION_REQUIRED otherwise). */
  sign: (id: string, body: SignBody = {}) =>
    request<DocumentDetail>(`/documents/${enc(id)}/sign`, { method: 'POST', body }),
  returnToTranscription: (id: string, comment: string) =>
    request<DocumentDetail>(`/documents/${enc(id)}/return`, { method: 'POST', body: { comment } }),
  amend: (id: string, body: AmendBody) =>
    request<AmendResponse>(`/documents/${enc(id)}/amend`, { method: 'POST', body }),
  retract: (id: string, reason: string) =>
    request<DocumentDetail>(`/documents/${enc(id)}/retract`, { method: 'POST', body: { reason } }),
  refile: (id: string, patientMrn: string, encounter?: string) =>
    request<DocumentDetail>(`/documents/${enc(id)}/refile`, {
      method: 'POST',
      body: encounter ? { patientMrn, encounter } : { patientMrn },
    }),
};
