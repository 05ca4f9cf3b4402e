import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/use-test-app';
import { auditRows, EVERY_ROLE, expectAdminOnly, nonAdmins } from './admin-support';

const users = useTestApp({ users: EVERY_ROLE });
const { t, admin, physician, transcriptionist, records } = users;
const others = nonAdmins(users);

const tag = () => randomUUID().slice(0, 8);
const add = (payload: Record<string, unknown>) =>
  admin.request({ method: 'POST', url: '/api/v1/admin/vocabulary', payload });

describe('organisation vocabulary', () => {
  it('is for admins only (401 without a session, 403 for other roles)', async () => {
    const term = `Zolpidemium ${tag()}`;
    await expectAdminOnly(t, others, [
      { method: 'GET', url: '/api/v1/admin/vocabulary' },
      { method: 'POST', url: '/api/v1/admin/vocabulary', payload: { term, category: 'formulary' } },
      { method: 'DELETE', url: `/api/v1/admin/vocabulary/${randomUUID()}` },
    ]);
    expect(await t.ctx.db.vocabularyTerm.count({ where: { term } })).toBe(0);
  });

  it('an admin adds a term with pronunciation and category, lists it, and the addition is audited', async () => {
    const term = `Metoprololum ${tag()}`;
    const created = await add({ term, pronunciation: 'meh toe pro lol um', category: 'formulary' });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ term, pronunciation: 'meh toe pro lol um', category: 'formulary' });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);

    const listed = await admin.request({
      method: 'GET',
      url: `/api/v1/admin/vocabulary?q=${encodeURIComponent(term.toLowerCase())}`,
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ items: [body], nextCursor: null });

    // Terms without the optional fields, and categories are normalised to lower case.
    const physicianName = `Dr Okonkwo-${tag()}`;
    const bare = await add({ term: physicianName, category: ' Physician ' });
    expect(bare.statusCode, bare.body).toBe(201);
    expect(bare.json()).toMatchObject({ term: physicianName, pronunciation: null, category: 'physician' });
    const place = await add({ term: `St Brigid Ward ${tag()}` });
    expect(place.json()).toMatchObject({ pronunciation: null, category: null });

    const byCategory = await admin.request({
      method: 'GET',
      url: '/api/v1/admin/vocabulary?category=physician&limit=1000',
    });
    const physicianTerms = byCategory.json().items as { term: string; category: string }[];
    expect(physicianTerms.map((i) => i.term)).toContain(physicianName);
    expect(new Set(physicianTerms.map((i) => i.category))).toEqual(new Set(['physician']));

    const audit = (await auditRows(t, admin.username, 'vocabulary.term_added')).filter(
      (r) => r.objectId === body.id,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      role: 'ADMIN',
      objectType: 'vocabulary_term',
      patientMrn: null,
      details: { category: 'formulary' },
    });
    // A term may be a person's name: it stays out of the audit trail.
    const nameAudit = (await auditRows(t, admin.username, 'vocabulary.term_added')).find(
      (r) => r.objectId === bare.json().id,
    );
    expect(nameAudit).toBeDefined();
    expect(JSON.stringify({ ...nameAudit, id: String(nameAudit?.id) })).not.toContain('Okonkwo');
  });

  it('a duplicate term (in any case) is a 409', async () => {
    const term = `Apixabanum ${tag()}`;
    expect((await add({ term, category: 'formulary' })).statusCode).toBe(201);
    for (const again of [term, term.toUpperCase(), `  ${term}  `]) {
      const res = await add({ term: again });
      expect(res.statusCode, again).toBe(409);
      expect(res.json().error.code).toBe('DUPLICATE');
    }
    expect(
      await t.ctx.db.vocabularyTerm.count({ where: { term: { equals: term, mode: 'insensitive' } } }),
    ).toBe(1);
  });

  it('rejects malformed input with 400 and stores nothing', async () => {
    const id = tag();
    for (const payload of [
      {},
      { term: '' },
      { term: '   ' },
      { term: 'x'.repeat(201) },
      { term: `Valid ${id}`, category: 'Formulary!' },
      { term: `Valid ${id}`, category: '' },
      { term: `Valid ${id}`, pronunciation: '' },
      { term: `Valid ${id}`, pronunciation: 7 },
      { term: 42 },
    ]) {
      const res = await add(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await t.ctx.db.vocabularyTerm.count({ where: { term: { contains: id } } })).toBe(0);
    for (const url of [
      '/api/v1/admin/vocabulary/not-a-uuid',
      '/api/v1/admin/vocabulary?limit=0',
      '/api/v1/admin/vocabulary?limit=abc',
    ]) {
      const res = await admin.request({ method: url.includes('?') ? 'GET' : 'DELETE', url });
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('pages through the list by term', async () => {
    const prefix = `Pagetest-${tag()}`;
    for (const suffix of ['c', 'a', 'b'])
      expect((await add({ term: `${prefix}-${suffix}` })).statusCode).toBe(201);
    const first = await admin.request({ method: 'GET', url: `/api/v1/admin/vocabulary?q=${prefix}&limit=2` });
    expect(first.json().items.map((i: { term: string }) => i.term)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(first.json().nextCursor).toBe(`${prefix}-b`);
    const second = await admin.request({
      method: 'GET',
      url: `/api/v1/admin/vocabulary?q=${prefix}&limit=2&cursor=${encodeURIComponent(first.json().nextCursor)}`,
    });
    expect(second.json()).toEqual({
      items: [expect.objectContaining({ term: `${prefix}-c` })],
      nextCursor: null,
    });
  });

  it('an admin removes a term (204, then 404); the removal is audited', async () => {
    const created = await add({ term: `Obsoletum ${tag()}`, category: 'formulary' });
    const id = created.json().id as string;
    const removed = await admin.request({ method: 'DELETE', url: `/api/v1/admin/vocabulary/${id}` });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await t.ctx.db.vocabularyTerm.findUnique({ where: { id } })).toBeNull();
    const again = await admin.request({ method: 'DELETE', url: `/api/v1/admin/vocabulary/${id}` });
    expect(again.statusCode).toBe(404);
    const audit = (await auditRows(t, admin.username, 'vocabulary.term_removed')).filter(
      (r) => r.objectId === id,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      role: 'ADMIN',
      objectType: 'vocabulary_term',
      details: { category: 'formulary' },
    });
  });
});
