import { randomUUID } from 'node:crypto';
import { dictationSchema, listQuery } from '@dictum/contracts/dictations';
import { beforeAll, describe, expect, it } from 'vitest';
import { dictationListPage } from '../../api/src/services/dictations/dictation-page-query';
import { dictationViewInclude, toDictationView } from '../../api/src/services/dictations/dictation-view';
import { createUserAccount } from '../support/api-harness';
import { deepStrict } from '../support/strict-schema';
import { useTestApp } from '../support/use-test-app';

// The list pages build each dictation's JSON in SQL (VIEW_JSON in dictation-page-query.ts), the
// detail through toDictationView: both must write exactly the contract's `dictationSchema` — no key
// more or less, at any depth, and the right types. A field added on one side only fails here.

const strictDictation = deepStrict(dictationSchema);
const { t } = useTestApp();
let author: { id: string; username: string };
const ids: { full: string; bare: string } = { full: '', bare: '' };

beforeAll(async () => {
  author = await createUserAccount(t.ctx, 'PHYSICIAN');
  const assignee = await createUserAccount(t.ctx, 'TRANSCRIPTIONIST');
  const patient = await t.ctx.db.patient.create({
    data: {
      mrn: `VC${randomUUID().slice(0, 8)}`,
      name: 'View Contract',
      birthDate: new Date('1980-02-03'),
      sex: 'other',
    },
  });
  const encounter = await t.ctx.db.encounter.create({
    data: {
      patientId: patient.id,
      visitNumber: `V${randomUUID().slice(0, 8)}`,
      location: 'Ward 3',
      date: new Date(),
    },
  });
  const workType = await t.ctx.db.workType.findFirstOrThrow({ where: { code: 'PROGRESS' } });
  const common = {
    authorId: author.id,
    patientId: patient.id,
    workTypeId: workType.id,
    dictatedAt: new Date(),
    dueAt: new Date(Date.now() + 3_600_000),
    audioSha256: randomUUID(),
    audioContentType: 'audio/wav',
    audioSizeBytes: 123_456n,
  };
  // Every nullable part of the view empty.
  const bare = await t.ctx.db.dictation.create({
    data: { ...common, priority: 'ROUTINE', status: 'UPLOADED', audioKey: null, durationSec: null },
  });
  // Every nullable part of the view filled: encounter, claim, returned note, transcript, question.
  const full = await t.ctx.db.dictation.create({
    data: {
      ...common,
      priority: 'STAT',
      status: 'IN_EDIT',
      statusReason: 'returned by the author',
      encounterId: encounter.id,
      audioKey: `audio/test/${randomUUID()}`,
      durationSec: 12.5,
      assigneeId: assignee.id,
      claimedAt: new Date(),
      claimExpiresAt: new Date(Date.now() + 600_000),
      possibleDuplicateOfId: bare.id,
      returnComment: 'please check the dose',
      returnedAt: new Date(),
    },
  });
  await t.ctx.db.transcriptVersion.create({
    data: { dictationId: full.id, version: 1, source: 'engine', text: 'x', words: [], engineRun: 1 },
  });
  await t.ctx.db.blank.create({
    data: {
      dictationId: full.id,
      position: 0,
      audioTime: 1,
      status: 'ROUTED_TO_AUTHOR',
      createdById: assignee.id,
    },
  });
  Object.assign(ids, { full: full.id, bare: bare.id });
});

async function sqlViews() {
  const actor = { kind: 'user', userId: author.id, username: author.username, role: 'PHYSICIAN' } as const;
  const page = await dictationListPage(t.ctx.db, actor, listQuery.parse({}), undefined);
  return new Map(page.items.map((item) => [item.id, item as unknown]));
}

async function prismaView(id: string) {
  const row = await t.ctx.db.dictation.findUniqueOrThrow({ where: { id }, include: dictationViewInclude });
  // Through JSON, as the API sends it.
  return JSON.parse(JSON.stringify(toDictationView(row))) as unknown;
}

describe('the dictation view and the contract', () => {
  it('the SQL view of the list pages parses with the strict contract schema, filled and empty', async () => {
    const views = await sqlViews();
    for (const id of [ids.full, ids.bare]) {
      const result = strictDictation.safeParse(views.get(id));
      expect(result.error?.issues ?? []).toEqual([]);
    }
    expect(views.get(ids.full)).toMatchObject({
      encounter: { location: 'Ward 3' },
      assignee: { username: expect.any(String) },
      questions: 1,
      transcriptVersion: 1,
      possibleDuplicate: true,
      returned: { comment: 'please check the dose', at: expect.any(String) },
      audio: { sizeBytes: 123_456, available: true },
    });
    expect(views.get(ids.bare)).toMatchObject({ encounter: null, assignee: null, returned: null });
  });

  it('the detail view (toDictationView) parses with it too and equals the SQL view', async () => {
    const views = await sqlViews();
    for (const id of [ids.full, ids.bare]) {
      const view = await prismaView(id);
      expect(strictDictation.safeParse(view).error?.issues ?? []).toEqual([]);
      expect(views.get(id)).toEqual(view);
    }
  });

  it('the strict schema refuses a key the contract does not name, at any depth', async () => {
    const view = (await sqlViews()).get(ids.full) as Record<string, Record<string, unknown>>;
    expect(strictDictation.safeParse(view).success).toBe(true);
    expect(strictDictation.safeParse({ ...view, extra: 1 }).success).toBe(false);
    expect(
      strictDictation.safeParse({ ...view, patient: { ...view.patient, birthDate: '1980-02-03' } }).success,
    ).toBe(false);
    const { questions: _, ...withoutQuestions } = view;
    expect(strictDictation.safeParse(withoutQuestions).success).toBe(false);
  });
});
