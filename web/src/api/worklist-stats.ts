// The backlog at a glance and the day's output (GET /api/v1/worklist/stats), the author context beside
// a job, and personal and per-author snippets. Counts only in the stats.
import { request } from './client';
import type { AuthorContext, CreateSnippetBody, TextSnippet, WorklistStats } from './types';

export type { AuthorContext, TextSnippet, WorklistStats } from './types';

/** `among`: the dictations on screen, whose "needs manual transcription" mark is wanted. */
export const worklistStats = (among?: string[]) =>
  request<WorklistStats>(`/worklist/stats${among?.length ? `?among=${among.slice(0, 200).join(',')}` : ''}`);

/** Beside the job (for the transcriptionist holding it): patient DOB/sex, author preferences, earlier notes. */
export const authorContext = (dictationId: string) =>
  request<AuthorContext>(`/dictations/${encodeURIComponent(dictationId)}/author-context`);

/** Personal and per-author text expanders and normals (beside the shared /text-expanders). */
export const snippetsApi = {
  list: (authorId: string, workType: string) =>
    request<TextSnippet[]>(
      `/text-snippets?authorId=${encodeURIComponent(authorId)}&workType=${encodeURIComponent(workType)}`,
    ),
  create: (body: CreateSnippetBody) => request<TextSnippet>('/text-snippets', { method: 'POST', body }),
  remove: (id: string) => request<void>(`/text-snippets/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
