// The backlog at a glance and the day's output (GET /api/v1/worklist/stats). Counts only.
import { request } from './client';

export interface BacklogGroup {
  jobs: number;
  audioMinutes: number;
  overdue: number;
}
export interface Output {
  jobs: number;
  lines: number;
}

export interface WorklistStats {
  backlog: BacklogGroup & {
    needsManual: number;
    needsManualIds: string[];
    oldestDictatedAt: string | null;
    byPriority: (BacklogGroup & { priority: 'STAT' | 'ROUTINE' })[];
    byWorkType: (BacklogGroup & { code: string; name: string })[];
  };
  me: {
    today: Output;
    week: Output;
    recent: { documentId: string; dictationId: string; lines: number; finalizedAt: string }[];
  };
  throughput: {
    user: { id: string; username: string; displayName: string | null };
    today: Output;
    week: Output;
  }[];
  since: { today: string; week: string };
}

/** `among`: the dictations on screen, whose "needs manual transcription" mark is wanted. */
export const worklistStats = (among?: string[]) =>
  request<WorklistStats>(`/worklist/stats${among?.length ? `?among=${among.slice(0, 200).join(',')}` : ''}`);

/** Beside the job (for the transcriptionist holding it): patient DOB/sex, author preferences, earlier notes. */
export interface AuthorContext {
  patient: { birthDate: string; sex: string };
  authorPreferences: string | null;
  earlierNotes: { id: string; number: string; workType: string; finalizedAt: string; text: string }[];
}

export const authorContext = (dictationId: string) =>
  request<AuthorContext>(`/dictations/${encodeURIComponent(dictationId)}/author-context`);

/** Personal and per-author text expanders and normals (beside the shared /text-expanders). */
export interface TextSnippet {
  id: string;
  kind: 'EXPANDER' | 'NORMAL';
  scope: 'mine' | 'author';
  authorId: string | null;
  workType: string | null;
  abbreviation: string | null;
  text: string;
}

export const snippetsApi = {
  list: (authorId: string, workType: string) =>
    request<TextSnippet[]>(
      `/text-snippets?authorId=${encodeURIComponent(authorId)}&workType=${encodeURIComponent(workType)}`,
    ),
  create: (body: {
    kind: 'EXPANDER' | 'NORMAL';
    scope: 'mine' | 'author';
    authorId?: string;
    workType?: string;
    abbreviation?: string;
    text: string;
  }) => request<TextSnippet>('/text-snippets', { method: 'POST', body }),
  remove: (id: string) => request<void>(`/text-snippets/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
