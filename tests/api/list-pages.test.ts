import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUserAccount, type SignedInUser } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

// The list pages read ids in order first, then the views in one query (dictation-page-query.ts).
// Order, keyset paging, claims and filters must be exactly what the API promised before.

const { t, transcriptionist } = useTestApp({ users: { transcriptionist: 'TRANSCRIPTIONIST' } });
let author: { id: string; username: string };
const created: {
  id: string;
  status: string;
  priority: string;
  dueAt: Date;
  createdAt: Date;
  assigneeId: string | null;
}[] = [];

beforeAll(async () => {
  author = await createUserAccount(t.ctx, 'PHYSICIAN');
  const other = await createUserAccount(t.ctx, 'TRANSCRIPTIONIST');
  const patient = await t.ctx.db.patient.create({
    data: {
      mrn: `LP${randomUUID().slice(0, 8)}`,
      name: 'List Page',
      birthDate: new Date('1970-01-01'),
      sex: 'female',
    },
  });
  const workType = await t.ctx.db.workType.findFirstOrThrow({ where: { code: 'PROGRESS' } });
  const base = Date.now() - 3_600_000;
  const statuses = ['DRAFT_READY', 'TRANSCRIPTION_FAILED', 'IN_EDIT', 'IN_EDIT', 'FILED', 'QUEUED'] as const;
  for (let i = 0; i < 30; i++) {
    const status = statuses[i % statuses.length]!;
    const assigneeId = status === 'IN_EDIT' ? (i % 4 === 2 ? transcriptionist.id : other.id) : null;
    const row = await t.ctx.db.dictation.create({
      data: {
        authorId: author.id,
        patientId: patient.id,
        workTypeId: workType.id,
        priority: i % 5 === 0 ? 'STAT' : 'ROUTINE',
        status,
        dictatedAt: new Date(base),
        // Some due times tie, so the id decides.
        dueAt: new Date(base + Math.floor(i / 3) * 60_000),
        createdAt: new Date(base + i * 1000),
        audioKey: `audio/test/${randomUUID()}`,
        audioSha256: randomUUID(),
        audioContentType: 'audio/wav',
        audioSizeBytes: 1000n,
        durationSec: 3,
        assigneeId,
      },
    });
    if (i % 2 === 0) {
      await t.ctx.db.transcriptVersion.create({
        data: { dictationId: row.id, version: 1, source: 'engine', text: 'x', words: [], engineRun: 1 },
      });
    }
    created.push({
      id: row.id,
      status,
      priority: row.priority,
      dueAt: row.dueAt,
      createdAt: row.createdAt,
      assigneeId,
    });
  }
});

async function allPages(user: SignedInUser, path: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await user.request({
      method: 'GET',
      url: `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      items: { id: string; transcriptVersion: number | null; patient: { name: string } }[];
      nextCursor: string | null;
    };
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return ids;
}

describe('list pages', () => {
  it('the worklist: drafts, manual jobs and my own claims, STAT first, then due time, then id, across pages', async () => {
    const expected = created
      .filter(
        (d) =>
          d.status === 'DRAFT_READY' ||
          d.status === 'TRANSCRIPTION_FAILED' ||
          (d.status === 'IN_EDIT' && d.assigneeId === transcriptionist.id),
      )
      .sort(
        (a, b) =>
          (a.priority === b.priority ? 0 : a.priority === 'STAT' ? -1 : 1) ||
          a.dueAt.getTime() - b.dueAt.getTime() ||
          (a.id < b.id ? -1 : 1),
      )
      .map((d) => d.id);
    expect(await allPages(transcriptionist, `/api/v1/worklist?author=${author.username}`, 4)).toEqual(
      expected,
    );
    expect(
      await allPages(transcriptionist, `/api/v1/worklist?author=${author.username}&priority=STAT`, 2),
    ).toEqual(expected.filter((id) => created.find((d) => d.id === id)!.priority === 'STAT'));
  });

  it('the dictation list: newest first across pages, with the view fields', async () => {
    const expected = [...created]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((d) => d.id);
    expect(await allPages(transcriptionist, `/api/v1/dictations?author=${author.username}`, 7)).toEqual(
      expected,
    );
    const res = await transcriptionist.request({
      method: 'GET',
      url: `/api/v1/dictations?author=${author.username}&limit=2`,
    });
    const [first] = res.json().items;
    expect(first).toMatchObject({
      id: expected[0],
      patient: { name: 'List Page' },
      workType: { code: 'PROGRESS' },
      author: { id: author.id, username: author.username },
      audio: { sizeBytes: 1000, available: true },
    });
    expect(first.transcriptVersion === null || first.transcriptVersion === 1).toBe(true);
  });

  it('list items equal the single-dictation view field for field (the joined query mirrors the include)', async () => {
    const res = await transcriptionist.request({
      method: 'GET',
      url: `/api/v1/dictations?author=${author.username}&limit=12`,
    });
    for (const item of res.json().items as { id: string }[]) {
      const detail = await transcriptionist.request({ method: 'GET', url: `/api/v1/dictations/${item.id}` });
      expect(detail.statusCode).toBe(200);
      expect(item).toEqual(detail.json());
    }
  });
});
