// GET /api/v1/patients/:mrn/encounters: the visits a physician can dictate under, newest first;
// clinical roles only; an unknown patient is a 404; the read is audited.
import { describe, expect, it } from 'vitest';
import { signedInUser, uniqueName } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

const { t } = useTestApp();

describe('patient encounters', () => {
  it('lists the patient’s visits newest first, audited, for clinical roles only', async () => {
    const mrn = uniqueName('ENC').toUpperCase();
    const patient = await t.ctx.db.patient.create({
      data: { mrn, name: 'Enc Ounter', birthDate: new Date('1960-05-05T00:00:00Z'), sex: 'female' },
    });
    await t.ctx.db.encounter.createMany({
      data: [
        {
          patientId: patient.id,
          visitNumber: 'V-OLD',
          date: new Date('2026-01-02T10:00:00Z'),
          location: 'Ward 3',
        },
        {
          patientId: patient.id,
          visitNumber: 'V-NEW',
          date: new Date('2026-11-02T10:00:00Z'),
          location: 'ED',
        },
        { patientId: patient.id, visitNumber: 'V-UNDATED' },
      ],
    });
    const physician = await signedInUser(t, 'PHYSICIAN');
    const res = await physician.request({ method: 'GET', url: `/api/v1/patients/${mrn}/encounters` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { visitNumber: 'V-NEW', date: '2026-11-02T10:00:00.000Z', location: 'ED' },
      { visitNumber: 'V-OLD', date: '2026-01-02T10:00:00.000Z', location: 'Ward 3' },
      { visitNumber: 'V-UNDATED', date: null, location: null },
    ]);
    await expect
      .poll(() =>
        t.ctx.db.auditEvent.findFirst({ where: { action: 'patient.encounters.viewed', patientMrn: mrn } }),
      )
      .toMatchObject({ username: physician.username, role: 'PHYSICIAN' });

    const admin = await signedInUser(t, 'ADMIN');
    expect(
      (await admin.request({ method: 'GET', url: `/api/v1/patients/${mrn}/encounters` })).statusCode,
    ).toBe(403);
    expect(
      (await physician.request({ method: 'GET', url: '/api/v1/patients/NO-SUCH-MRN-X/encounters' }))
        .statusCode,
    ).toBe(404);
  });
});
