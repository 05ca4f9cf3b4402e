// Admin screens edit, not just create (issue 16): work types, shared text expanders and vocabulary
// terms are edited in place over HTTP, each change audited with the changed field names; bad input
// is refused with a stable code and changes nothing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/use-test-app';

const { t, admin, mt } = useTestApp({ users: { admin: 'ADMIN', mt: 'TRANSCRIPTIONIST' } });

const suffix = () => randomUUID().slice(0, 6).toUpperCase();
const audits = (objectId: string, action: string) =>
  t.ctx.db.auditEvent.findMany({ where: { objectId, action } });

describe('admin edits', () => {
  it('a work type: name, signature, turnaround and template change; the code stays; audited', async () => {
    const code = `WT${suffix()}`;
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/work-types',
      payload: { code, name: 'Clinic letter', loinc: '11506-3', tatHours: { STAT: 2, ROUTINE: 24 } },
    });
    expect(created.statusCode).toBe(201);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/work-types/${code}`,
      payload: {
        name: 'Clinic letter (GP)',
        requiresSignature: true,
        tatHours: { ROUTINE: 48 },
        template: 'HISTORY\nPLAN',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code,
      name: 'Clinic letter (GP)',
      requiresSignature: true,
      tatHours: { STAT: 2, ROUTINE: 48 },
      template: 'HISTORY\nPLAN',
    });
    const row = await t.ctx.db.workType.findUniqueOrThrow({ where: { code } });
    const [ev] = await audits(row.id, 'work_type.updated');
    expect(ev?.details).toEqual({
      code,
      fields: ['name', 'requiresSignature', 'tatRoutineHours', 'template'],
    });
    // Left out = unchanged (no default sneaks in).
    const again = await admin.request({
      method: 'PATCH',
      url: `/api/v1/work-types/${code}`,
      payload: { name: 'Letter' },
    });
    expect(again.json()).toMatchObject({ requiresSignature: true, tatHours: { STAT: 2, ROUTINE: 48 } });
    // Bad input, unknown code, wrong role.
    const bad = await admin.request({
      method: 'PATCH',
      url: `/api/v1/work-types/${code}`,
      payload: { loinc: 'nope' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await t.ctx.db.workType.findUniqueOrThrow({ where: { code } })).loinc).toBe('11506-3');
    expect(
      (await admin.request({ method: 'PATCH', url: '/api/v1/work-types/NOPE-X', payload: { name: 'x' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await mt.request({ method: 'PATCH', url: `/api/v1/work-types/${code}`, payload: { name: 'x' } }))
        .statusCode,
    ).toBe(403);
  });

  it('a shared text expander changes its expansion; audited', async () => {
    const abbreviation = `.e${suffix().toLowerCase()}`;
    expect(
      (
        await admin.request({
          method: 'POST',
          url: '/api/v1/admin/text-expanders',
          payload: { abbreviation, expansion: 'old text' },
        })
      ).statusCode,
    ).toBe(201);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/text-expanders/${abbreviation}`,
      payload: { expansion: 'No known drug allergies.' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ abbreviation, expansion: 'No known drug allergies.' });
    const row = await t.ctx.db.textExpander.findUniqueOrThrow({ where: { abbreviation } });
    expect(await audits(row.id, 'text_expander.updated')).toHaveLength(1);
    const blank = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/text-expanders/${abbreviation}`,
      payload: { expansion: '   ' },
    });
    expect(blank.statusCode).toBe(400);
    expect((await t.ctx.db.textExpander.findUniqueOrThrow({ where: { abbreviation } })).expansion).toBe(
      'No known drug allergies.',
    );
  });

  it('a vocabulary term: spelling, category and pronunciation; a taken spelling is 409; audited', async () => {
    const add = (term: string) =>
      admin.request({
        method: 'POST',
        url: '/api/v1/admin/vocabulary',
        payload: { term, category: 'formulary' },
      });
    const a = (await add(`Zetamab${suffix()}`)).json();
    const b = (await add(`Xylomab${suffix()}`)).json();
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/vocabulary/${a.id}`,
      payload: { pronunciation: 'zeta mab', category: 'Physician' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ term: a.term, pronunciation: 'zeta mab', category: 'physician' });
    expect((await audits(a.id, 'vocabulary.term_updated'))[0]?.details).toEqual({
      fields: ['pronunciation', 'category'],
      category: 'physician',
    });
    const dup = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/vocabulary/${a.id}`,
      payload: { term: b.term },
    });
    expect(dup.statusCode).toBe(409);
    expect((await t.ctx.db.vocabularyTerm.findUniqueOrThrow({ where: { id: a.id } })).term).toBe(a.term);
  });
});
