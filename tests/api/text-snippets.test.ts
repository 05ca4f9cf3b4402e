// Personal and per-author text expanders and normals (issue 16): mine are mine alone, an author's
// are shared by every transcriptionist typing that author; normals are one per work type and scope;
// every change is audited without the text.
import { describe, expect, it } from 'vitest';
import type { SignedInUser } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

const { t, physician, a, b } = useTestApp({
  users: { physician: 'PHYSICIAN', a: 'TRANSCRIPTIONIST', b: 'TRANSCRIPTIONIST' },
});

const create = (u: SignedInUser, payload: object) =>
  u.request({ method: 'POST', url: '/api/v1/text-snippets', payload });
const list = async (u: SignedInUser, workType = 'PROGRESS') =>
  (
    await u.request({
      method: 'GET',
      url: `/api/v1/text-snippets?authorId=${physician.id}&workType=${workType}`,
    })
  ).json() as {
    id: string;
    kind: string;
    scope: string;
    abbreviation: string | null;
    text: string;
    workType: string | null;
  }[];

describe('text snippets', () => {
  it('mine stay mine; an author’s are shared; normals are per work type and replaced on save', async () => {
    expect(
      (await create(a, { kind: 'EXPANDER', scope: 'mine', abbreviation: 'pt', text: 'patient' })).statusCode,
    ).toBe(201);
    const shared = await create(a, {
      kind: 'EXPANDER',
      scope: 'author',
      authorId: physician.id,
      abbreviation: 'bp',
      text: 'blood pressure',
    });
    expect(shared.statusCode).toBe(201);
    expect(
      (
        await create(a, {
          kind: 'NORMAL',
          scope: 'author',
          authorId: physician.id,
          workType: 'PROGRESS',
          text: 'Lungs clear.',
        })
      ).statusCode,
    ).toBe(201);
    const again = await create(a, {
      kind: 'NORMAL',
      scope: 'author',
      authorId: physician.id,
      workType: 'PROGRESS',
      text: 'Lungs clear to auscultation.',
    });
    expect(again.statusCode).toBe(201);

    const mineA = await list(a);
    expect(mineA.map((s) => [s.kind, s.scope, s.abbreviation ?? s.text])).toEqual(
      expect.arrayContaining([
        ['EXPANDER', 'mine', 'pt'],
        ['EXPANDER', 'author', 'bp'],
        ['NORMAL', 'author', 'Lungs clear to auscultation.'],
      ]),
    );
    expect(mineA.filter((s) => s.kind === 'NORMAL')).toHaveLength(1);
    // B sees the author's, not A's own.
    const seenByB = await list(b);
    expect(seenByB.map((s) => s.abbreviation ?? s.text)).toEqual(
      expect.arrayContaining(['bp', 'Lungs clear to auscultation.']),
    );
    expect(seenByB.some((s) => s.abbreviation === 'pt')).toBe(false);
    // Another work type's normal is left out.
    expect((await list(b, 'CONSULT')).some((s) => s.kind === 'NORMAL')).toBe(false);

    // B cannot delete A's own (404), but may delete the author's.
    const own = mineA.find((s) => s.abbreviation === 'pt')!;
    expect((await b.request({ method: 'DELETE', url: `/api/v1/text-snippets/${own.id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await b.request({ method: 'DELETE', url: `/api/v1/text-snippets/${shared.json().id}` })).statusCode,
    ).toBe(204);
    expect((await list(a)).some((s) => s.abbreviation === 'bp')).toBe(false);

    const audit = await t.ctx.db.auditEvent.findMany({
      where: { objectType: 'text_snippet', userId: { in: [a.id, b.id] } },
    });
    expect(audit.map((e) => e.action).sort()).toEqual([
      'text_snippet.created',
      'text_snippet.created',
      'text_snippet.created',
      'text_snippet.deleted',
      'text_snippet.updated',
    ]);
    expect(JSON.stringify(audit.map((e) => e.details))).not.toContain('Lungs');
  });

  it('refuses bad input with clear codes, changing nothing', async () => {
    const before = await t.ctx.db.textSnippet.count({ where: { createdById: a.id } });
    expect((await create(a, { kind: 'EXPANDER', scope: 'mine', text: 'x' })).json().error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await create(a, { kind: 'NORMAL', scope: 'mine', text: 'x' })).json().error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (
        await create(a, { kind: 'EXPANDER', scope: 'author', authorId: b.id, abbreviation: 'q', text: 'x' })
      ).json().error.code,
    ).toBe('VALIDATION_FAILED');
    const dup = await create(a, { kind: 'EXPANDER', scope: 'mine', abbreviation: 'pt', text: 'again' });
    expect(dup.statusCode).toBe(409);
    expect(await t.ctx.db.textSnippet.count({ where: { createdById: a.id } })).toBe(before);
    expect((await physician.request({ method: 'GET', url: '/api/v1/text-snippets' })).statusCode).toBe(403);
  });
});
