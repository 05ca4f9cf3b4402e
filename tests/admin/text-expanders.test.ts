import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SignedInUser } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';
import { auditRows, EVERY_ROLE, expectAdminOnly, nonAdmins } from './admin-support';

const users = useTestApp({ users: EVERY_ROLE });
const { t, admin, physician, transcriptionist, records } = users;
const others = nonAdmins(users);

const uniqueAbbreviation = () => `.t-${randomUUID().slice(0, 8)}`;
const list = async (user: SignedInUser) => {
  const res = await user.request({ method: 'GET', url: '/api/v1/text-expanders' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { abbreviation: string; expansion: string }[];
};

describe('text expanders', () => {
  it('every signed-in role reads the list, which has the default expanders from the migration', async () => {
    for (const user of [physician, transcriptionist, records, admin]) {
      const items = await list(user);
      expect(items).toContainEqual({ abbreviation: '.nkda', expansion: 'No known drug allergies.' });
      expect(items).toContainEqual({ abbreviation: '.wnl', expansion: 'within normal limits' });
      expect(items).toContainEqual({ abbreviation: '.rrr', expansion: 'regular rate and rhythm' });
      expect(items).toContainEqual({ abbreviation: '.ctab', expansion: 'clear to auscultation bilaterally' });
      expect(items).toContainEqual({ abbreviation: '.nad', expansion: 'no acute distress' });
      expect(items).toContainEqual({
        abbreviation: '.perrla',
        expansion: 'pupils equal, round, and reactive to light and accommodation',
      });
      for (const item of items) expect(Object.keys(item).sort()).toEqual(['abbreviation', 'expansion']);
      const abbreviations = items.map((i) => i.abbreviation);
      expect(abbreviations).toEqual([...abbreviations].sort());
    }
  });

  it('answers 401 without a session, on reads too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/text-expanders' });
    expect(res.statusCode).toBe(401);
  });

  it('only an admin adds or removes expanders (401 without a session, 403 for other roles)', async () => {
    const abbreviation = uniqueAbbreviation();
    await expectAdminOnly(t, others, [
      { method: 'POST', url: '/api/v1/admin/text-expanders', payload: { abbreviation, expansion: 'x' } },
      { method: 'DELETE', url: '/api/v1/admin/text-expanders/.nkda' },
    ]);
    expect(await t.ctx.db.textExpander.count({ where: { abbreviation } })).toBe(0);
    expect(await t.ctx.db.textExpander.count({ where: { abbreviation: '.nkda' } })).toBe(1);
  });

  it('an admin adds an expander that everyone then sees; the change is audited', async () => {
    const abbreviation = uniqueAbbreviation();
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/text-expanders',
      payload: { abbreviation, expansion: 'Heart: regular rate and rhythm, no murmurs.' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({
      abbreviation,
      expansion: 'Heart: regular rate and rhythm, no murmurs.',
    });
    expect(await list(transcriptionist)).toContainEqual({
      abbreviation,
      expansion: 'Heart: regular rate and rhythm, no murmurs.',
    });

    const row = await t.ctx.db.textExpander.findUniqueOrThrow({ where: { abbreviation } });
    const audit = (await auditRows(t, admin.username, 'text_expander.created')).filter(
      (r) => r.objectId === row.id,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      role: 'ADMIN',
      objectType: 'text_expander',
      objectId: row.id,
      patientMrn: null,
      details: { abbreviation },
    });
  });

  it('a duplicate abbreviation is a 409 and keeps the first expansion', async () => {
    const abbreviation = uniqueAbbreviation();
    const first = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/text-expanders',
      payload: { abbreviation, expansion: 'first' },
    });
    expect(first.statusCode).toBe(201);
    const again = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/text-expanders',
      payload: { abbreviation, expansion: 'second' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DUPLICATE');
    const seeded = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/text-expanders',
      payload: { abbreviation: '.nkda', expansion: 'something else' },
    });
    expect(seeded.statusCode).toBe(409);
    const items = await list(physician);
    expect(items.filter((i) => i.abbreviation === abbreviation)).toEqual([
      { abbreviation, expansion: 'first' },
    ]);
    expect(items).toContainEqual({ abbreviation: '.nkda', expansion: 'No known drug allergies.' });
  });

  it('rejects malformed abbreviations and expansions with 400 and stores nothing', async () => {
    const id = randomUUID().slice(0, 8);
    const bad = [
      { abbreviation: `nkda${id}`, expansion: 'no leading dot' },
      { abbreviation: '.', expansion: 'too short' },
      { abbreviation: `.${'a'.repeat(32)}`, expansion: 'too long (33)' },
      { abbreviation: `.NKDA${id}`, expansion: 'upper case' },
      { abbreviation: `.a b${id}`, expansion: 'a space' },
      { abbreviation: `.a/${id}`, expansion: 'a slash' },
      { abbreviation: '..', expansion: 'dots only' },
      { abbreviation: `.ok${id}`, expansion: '   ' },
      { abbreviation: `.ok${id}` },
      { expansion: 'no abbreviation' },
      { abbreviation: `.ok${id}`, expansion: 'x'.repeat(10_001) },
    ];
    for (const payload of bad) {
      const res = await admin.request({ method: 'POST', url: '/api/v1/admin/text-expanders', payload });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await t.ctx.db.textExpander.count({ where: { abbreviation: { contains: id } } })).toBe(0);

    // The limits themselves are fine: 32 characters, and 2 (which an earlier run may have taken).
    const longest = `.${id}${'z'.repeat(23)}`;
    expect(longest).toHaveLength(32);
    const long = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/text-expanders',
      payload: { abbreviation: longest, expansion: 'edge' },
    });
    expect(long.statusCode, long.body).toBe(201);
    const short = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/text-expanders',
      payload: { abbreviation: `.${id.slice(0, 1)}`, expansion: 'edge' },
    });
    expect([201, 409], short.body).toContain(short.statusCode);
    for (const abbreviation of [longest, ...(short.statusCode === 201 ? [`.${id.slice(0, 1)}`] : [])]) {
      const cleanup = await admin.request({
        method: 'DELETE',
        url: `/api/v1/admin/text-expanders/${abbreviation}`,
      });
      expect(cleanup.statusCode).toBe(204);
    }
    const malformedDelete = await admin.request({
      method: 'DELETE',
      url: '/api/v1/admin/text-expanders/NKDA',
    });
    expect(malformedDelete.statusCode).toBe(400);
  });

  it('an admin deletes an expander (204, then 404); the deletion is audited', async () => {
    const abbreviation = uniqueAbbreviation();
    await admin.request({
      method: 'POST',
      url: '/api/v1/admin/text-expanders',
      payload: { abbreviation, expansion: 'to be removed' },
    });
    const row = await t.ctx.db.textExpander.findUniqueOrThrow({ where: { abbreviation } });
    const removed = await admin.request({
      method: 'DELETE',
      url: `/api/v1/admin/text-expanders/${abbreviation}`,
    });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await list(physician)).map((i) => i.abbreviation)).not.toContain(abbreviation);
    const again = await admin.request({
      method: 'DELETE',
      url: `/api/v1/admin/text-expanders/${abbreviation}`,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('NOT_FOUND');

    const audit = (await auditRows(t, admin.username, 'text_expander.deleted')).filter(
      (r) => r.objectId === row.id,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ role: 'ADMIN', objectType: 'text_expander', details: { abbreviation } });
  });
});
