// A small typed client for the Dictum REST API. Same-origin only: the session is an httpOnly cookie,
// state-changing requests carry the CSRF token in `x-csrf-token`.
import type { CsrfReply, MfaEnrollReply, MfaVerifyReply } from '@dictum/contracts/auth';
import type { SavedTranscriptReply, UploadReply } from '@dictum/contracts/dictations';
import type {
  ApiErrorBody,
  Blank,
  CreateBlankBody,
  Dictation,
  DocumentDetail,
  DocumentListFilter,
  DocumentSummary,
  Encounter,
  ListFilters,
  LoginReply,
  MeReply,
  Misspelling,
  Page,
  Patient,
  Peaks,
  Priority,
  TextExpander,
  Transcript,
  TranscriptWord,
  UpdateBlankBody,
  WorkType,
} from './types';
import { enc, qs } from './url';

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get isNetwork() {
    return this.status === 0;
  }
}

type Listener = () => void;
let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<Listener>();

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called whenever a request comes back 401 (the session expired or was revoked). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function emitUnauthenticated() {
  for (const l of unauthenticatedListeners) l();
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not broadcast a 401 (used by the login and session probe). */
  quiet401?: boolean;
}

/** The API's error body (SPEC §4: `{error: {code, message}}`), or whatever else came back. */
function apiError(status: number, body: unknown, fallbackMessage: string): ApiError {
  const err = (body as Partial<ApiErrorBody> | null)?.error;
  return new ApiError(status, err?.code ?? `HTTP_${status}`, err?.message ?? fallbackMessage, body);
}

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  return apiError(res.status, body, res.statusText);
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'The server could not be reached.');
  }
  if (!res.ok) {
    const err = await parseError(res);
    if ((res.status === 401 || err.code === 'MFA_REQUIRED') && !opts.quiet401) emitUnauthenticated();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Lists answer either an array or {items, nextCursor} (SPEC §4). */
function asPage<T>(res: T[] | Page<T>): Page<T> {
  return Array.isArray(res)
    ? { items: res, nextCursor: null }
    : { items: res.items, nextCursor: res.nextCursor ?? null };
}
function asArray<T>(res: T[] | Page<T>): T[] {
  return Array.isArray(res) ? res : res.items;
}

export interface UploadFields {
  patientMrn: string;
  workType: string;
  priority: Priority;
  dictatedAt?: string;
  encounter?: string;
}

export interface UploadHandle {
  promise: Promise<UploadReply>;
  abort(): void;
}

export const api = {
  // --- auth
  login: (username: string, password: string) =>
    request<LoginReply>('/auth/login', { method: 'POST', body: { username, password }, quiet401: true }),
  me: () => request<MeReply>('/auth/me', { quiet401: true }),
  mfaEnroll: () => request<MfaEnrollReply>('/auth/mfa/enroll', { method: 'POST' }),
  mfaVerify: (code: string) =>
    request<MfaVerifyReply>('/auth/mfa/verify', { method: 'POST', body: { code }, quiet401: true }),
  csrf: () => request<CsrfReply>('/auth/csrf'),
  logout: () => request<void>('/auth/logout', { method: 'POST', quiet401: true }),

  // --- reference data
  patients: async (q: string, signal?: AbortSignal) =>
    asArray(await request<Patient[] | Page<Patient>>(`/patients${qs({ q })}`, { signal })),
  patient: (mrn: string) => request<Patient>(`/patients/${enc(mrn)}`),
  encounters: (mrn: string) => request<Encounter[]>(`/patients/${enc(mrn)}/encounters`),
  workTypes: async () => asArray(await request<WorkType[] | Page<WorkType>>('/work-types')),
  textExpanders: async () => asArray(await request<TextExpander[] | Page<TextExpander>>('/text-expanders')),

  // --- dictations
  dictations: async (p: { status?: string; cursor?: string | null; mine?: boolean } = {}) =>
    asPage(
      await request<Dictation[] | Page<Dictation>>(
        `/dictations${qs({ status: p.status, cursor: p.cursor, mine: p.mine ? 1 : undefined })}`,
      ),
    ),
  dictation: (id: string) => request<Dictation>(`/dictations/${enc(id)}`),
  cancel: (id: string) => request<Dictation | undefined>(`/dictations/${enc(id)}/cancel`, { method: 'POST' }),
  sign: (id: string) => request<unknown>(`/dictations/${enc(id)}/sign`, { method: 'POST' }),
  audioUrl: (id: string) => `${BASE}/dictations/${enc(id)}/audio`,
  peaks: (id: string) => request<Peaks>(`/dictations/${enc(id)}/peaks`),
  transcript: (id: string) => request<Transcript>(`/dictations/${enc(id)}/transcript`),
  saveTranscript: (id: string, version: number | null, text: string, words: TranscriptWord[]) =>
    request<SavedTranscriptReply>(`/dictations/${enc(id)}/transcript`, {
      method: 'PUT',
      body: { text, words },
      headers: { 'if-match': `"${version ?? 0}"` },
    }),
  claim: (id: string) => request<Dictation>(`/dictations/${enc(id)}/claim`, { method: 'POST' }),
  release: (id: string) => request<unknown>(`/dictations/${enc(id)}/release`, { method: 'POST' }),
  finalize: (id: string) =>
    request<{ documentId: string }>(`/dictations/${enc(id)}/finalize`, { method: 'POST' }),
  /** The worklist, filtered on the server; STAT first, then by due time. */
  worklist: async (cursor?: string | null, filters: ListFilters = {}, signal?: AbortSignal) => {
    const { status, priority, workType, q, limit } = filters;
    const query = qs({ cursor, status, priority, workType, q, limit });
    return asPage(await request<Dictation[] | Page<Dictation>>(`/worklist${query}`, { signal }));
  },

  // --- blanks
  blanks: async (id: string) =>
    asArray(await request<Blank[] | Page<Blank>>(`/dictations/${enc(id)}/blanks`)),
  addBlank: (id: string, b: CreateBlankBody) =>
    request<Blank>(`/dictations/${enc(id)}/blanks`, { method: 'POST', body: b }),
  updateBlank: (id: string, blankId: string, b: UpdateBlankBody) =>
    request<Blank>(`/dictations/${enc(id)}/blanks/${enc(blankId)}`, { method: 'PATCH', body: b }),
  /** The author answers a blank routed to them. */
  answerBlank: (id: string, blankId: string, answer: string) =>
    request<Blank>(`/dictations/${enc(id)}/blanks/${enc(blankId)}/answer`, {
      method: 'POST',
      body: { answer },
    }),

  // --- spelling (server-side: no word list ships to the browser)
  spellcheck: (words: string[], signal?: AbortSignal) =>
    request<{ misspelled: Misspelling[] }>('/spellcheck', { method: 'POST', body: { words }, signal }),

  // --- documents
  documents: async (status?: DocumentListFilter) =>
    asPage(await request<DocumentSummary[] | Page<DocumentSummary>>(`/documents${qs({ status })}`)),
  document: (id: string) => request<DocumentDetail>(`/documents/${enc(id)}`),
  fileDocument: (id: string) => request<unknown>(`/documents/${enc(id)}/file`, { method: 'POST' }),

  /**
   * Multipart upload with progress (fetch has no upload progress, so XHR). Fields go first, then
   * the `audio` file, so the server can validate before streaming the audio.
   */
  uploadDictation(
    fields: UploadFields,
    file: Blob,
    filename: string,
    onProgress: (fraction: number) => void,
    idempotencyKey: string,
  ): UploadHandle {
    const xhr = new XMLHttpRequest();
    const promise = new Promise<UploadReply>((resolve, reject) => {
      const form = new FormData();
      form.append('patientMrn', fields.patientMrn);
      form.append('workType', fields.workType);
      form.append('priority', fields.priority);
      if (fields.dictatedAt) form.append('dictatedAt', fields.dictatedAt);
      if (fields.encounter) form.append('encounter', fields.encounter);
      form.append('audio', file, filename);
      xhr.open('POST', `${BASE}/dictations`);
      xhr.responseType = 'text';
      xhr.setRequestHeader('accept', 'application/json');
      if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
      xhr.setRequestHeader('idempotency-key', idempotencyKey);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          /* ignore */
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(1);
          resolve(body as UploadReply);
        } else {
          if (xhr.status === 401) emitUnauthenticated();
          reject(apiError(xhr.status, body, `Upload failed (${xhr.status})`));
        }
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached.'));
      xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'Upload cancelled.'));
      xhr.send(form);
    });
    return { promise, abort: () => xhr.abort() };
  },
};

/** A readable message for an error from this client. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.isNetwork && e.code === 'NETWORK') return 'The server could not be reached. Check your connection.';
    return e.message || e.code;
  }
  return (e as Error)?.message ?? String(e);
}
