import { describe, expect, it } from 'vitest';
import { signedInUser, uniqueName } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

const { t } = useTestApp();

describe('patients', () => {
  it('records staff create a patient that clinical users can read', async () => {
    const records = await signedInUser(t, 'RECORDS');
    const mrn = uniqueName('P').toUpperCase();
    const created = await records.request({
      method: 'POST',
      url: '/api/v1/patients',
      payload: { mrn, name: 'Ada Lovelace', birthDate: '1815-12-10', sex: 'female' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ mrn, name: 'Ada Lovelace', birthDate: '1815-12-10', sex: 'female' });
    const physician = await signedInUser(t, 'PHYSICIAN');
    const read = await physician.request({ method: 'GET', url: `/api/v1/patients/${mrn}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().name).toBe('Ada Lovelace');
  });

  it('rejects malformed fields with 400 and changes nothing', async () => {
    const records = await signedInUser(t, 'RECORDS');
    const mrn = uniqueName('BAD').toUpperCase();
    for (const payload of [
      { mrn, name: 'X', birthDate: '1990-02-30', sex: 'male' },
      { mrn, name: 'X', birthDate: '12/01/1990', sex: 'male' },
      { mrn, name: 'X', birthDate: '1990-01-01', sex: 'M' },
      { mrn, birthDate: '1990-01-01', sex: 'male' },
    ]) {
      const res = await records.request({ method: 'POST', url: '/api/v1/patients', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await t.ctx.db.patient.count({ where: { mrn } })).toBe(0);
  });

  it('a duplicate MRN is a 409, and an unknown MRN a 404', async () => {
    const records = await signedInUser(t, 'RECORDS');
    const mrn = uniqueName('DUP').toUpperCase();
    const body = { mrn, name: 'Dup Licate', birthDate: '1980-01-01', sex: 'unknown' };
    expect(
      (await records.request({ method: 'POST', url: '/api/v1/patients', payload: body })).statusCode,
    ).toBe(201);
    expect(
      (await records.request({ method: 'POST', url: '/api/v1/patients', payload: body })).statusCode,
    ).toBe(409);
    expect((await records.request({ method: 'GET', url: '/api/v1/patients/NOPE-NOT-HERE' })).statusCode).toBe(
      404,
    );
  });

  it('reading a patient is audited with the reader and the MRN', async () => {
    const records = await signedInUser(t, 'RECORDS');
    const mrn = uniqueName('AUD').toUpperCase();
    await records.request({
      method: 'POST',
      url: '/api/v1/patients',
      payload: { mrn, name: 'Au Dit', birthDate: '1970-01-01', sex: 'other' },
    });
    await records.request({ method: 'GET', url: `/api/v1/patients/${mrn}` });
    const row = await t.ctx.db.auditEvent.findFirst({ where: { action: 'patient.viewed', patientMrn: mrn } });
    expect(row).toMatchObject({ username: records.username, role: 'RECORDS' });
  });
});

describe('work types', () => {
  it('lists the default set with LOINC codes; the progress note needs no signature', async () => {
    const user = await signedInUser(t, 'PHYSICIAN');
    const res = await user.request({ method: 'GET', url: '/api/v1/work-types' });
    expect(res.statusCode).toBe(200);
    const byLoinc = Object.fromEntries(res.json().map((w: { loinc: string }) => [w.loinc, w]));
    for (const loinc of ['34117-2', '11488-4', '11506-3', '18842-5', '11504-8', '28570-0', '18748-4']) {
      expect(byLoinc[loinc], loinc).toBeDefined();
    }
    const progress = res.json().find((w: { code: string }) => w.code === 'PROGRESS');
    expect(progress).toMatchObject({ loinc: '11506-3', requiresSignature: false });
    expect(progress.tatHours).toEqual({ STAT: expect.any(Number), ROUTINE: expect.any(Number) });
  });

  it('only admins create work types', async () => {
    const code = uniqueName('WT').replace(/-/g, '').slice(0, 12).toUpperCase();
    const body = {
      code,
      name: 'Nurse note',
      loinc: '34746-8',
      requiresSignature: true,
      tatHours: { STAT: 4, ROUTINE: 48 },
    };
    const physician = await signedInUser(t, 'PHYSICIAN');
    expect(
      (await physician.request({ method: 'POST', url: '/api/v1/work-types', payload: body })).statusCode,
    ).toBe(403);
    const admin = await signedInUser(t, 'ADMIN');
    const created = await admin.request({ method: 'POST', url: '/api/v1/work-types', payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code, tatHours: { STAT: 4, ROUTINE: 48 } });
  });
});
