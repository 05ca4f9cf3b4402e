// Issue 16 over HTTP: the backlog at a glance (GET /api/v1/worklist/stats) and the admin's edit of
// a user's profile (PATCH /api/v1/admin/users/:id: display name, credentials, NPI, role), audited.
// The test database is shared: assertions are on this file's own rows and on differences.
import { describe, expect, it } from 'vitest';
import { randomNpi, type SignedInUser, signedInUser } from '../support/api-harness';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { useTestApp } from '../support/use-test-app';

const { t, physician, mt, admin, patient } = useTestApp({
  users: { physician: 'PHYSICIAN', mt: 'TRANSCRIPTIONIST', admin: 'ADMIN' },
  patient: true,
});

const stats = async (user: SignedInUser, among: string[] = []) => {
  const res = await user.request({
    method: 'GET',
    url: `/api/v1/worklist/stats${among.length ? `?among=${among.join(',')}` : ''}`,
  });
  return { status: res.statusCode, body: res.json() };
};

describe('GET /worklist/stats', () => {
  it('counts waiting audio by priority and work type, lists empty drafts, and my lines after finalizing', async () => {
    const before = (await stats(mt)).body;
    const spoken = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    const empty = await draftReadyDictation(t.ctx.db, {
      authorId: physician.id,
      patientMrn: patient.mrn,
      text: ' ',
    });
    const failed = await draftReadyDictation(t.ctx.db, {
      authorId: physician.id,
      patientMrn: patient.mrn,
      status: 'TRANSCRIPTION_FAILED',
    });
    const after = await stats(mt, [spoken, empty, failed]);
    expect(after.status).toBe(200);
    const b = after.body.backlog;
    // Other test files share the database: absolute figures only (mine are among them).
    expect(b.jobs).toBeGreaterThanOrEqual(3);
    expect(b.needsManualIds.sort()).toEqual([empty, failed].sort());
    expect(b.needsManual).toBeGreaterThanOrEqual(2);
    expect(b.needsManualIds).not.toContain(spoken);
    const routine = b.byPriority.find((g: { priority: string }) => g.priority === 'ROUTINE');
    expect(routine.audioMinutes).toBeGreaterThan(0);
    expect(b.byWorkType.find((g: { code: string }) => g.code === 'PROGRESS').jobs).toBeGreaterThanOrEqual(3);
    // Sums agree.
    const sum = b.byPriority.reduce((n: number, g: { jobs: number }) => n + g.jobs, 0);
    expect(sum).toBe(b.jobs);

    // Finalize one: my lines and jobs today grow, and the document is in "recent".
    expect((await mt.request({ method: 'POST', url: `/api/v1/dictations/${spoken}/claim` })).statusCode).toBe(
      200,
    );
    const text = 'Patient seen today for follow-up. Blood pressure is stable on lisinopril. '
      .repeat(3)
      .trim();
    const saved = await mt.request({
      method: 'PUT',
      url: `/api/v1/dictations/${spoken}/transcript`,
      headers: { 'if-match': '"1"' },
      payload: { text },
    });
    expect(saved.statusCode).toBe(200);
    const fin = await mt.request({ method: 'POST', url: `/api/v1/dictations/${spoken}/finalize` });
    expect(fin.statusCode).toBe(200);
    const mine = (await stats(mt)).body;
    expect(mine.me.today.jobs).toBe(before.me.today.jobs + 1);
    expect(mine.me.today.lines).toBeGreaterThan(before.me.today.lines);
    expect(mine.me.recent[0]).toMatchObject({ dictationId: spoken, documentId: fin.json().documentId });
    const row = mine.throughput.find((x: { user: { id: string } }) => x.user.id === mt.id);
    expect(row.today.jobs).toBe(1);
    expect(row.week.lines).toBe(mine.me.week.lines);
    // No patient data in the figures.
    expect(JSON.stringify(mine)).not.toContain(patient.mrn);
  });

  it('refuses a malformed id list', async () => {
    expect((await stats(mt, ['not-a-uuid'])).status).toBe(400);
  });

  it('is for transcriptionists and admins only', async () => {
    expect((await stats(physician)).status).toBe(403);
    expect((await stats(admin)).status).toBe(200);
  });
});

describe('GET /dictations/:id/author-context', () => {
  it("shows the claimant the patient's DOB and sex, the author's preferences and earlier notes; 404 for others", async () => {
    // An earlier note by the same author for the same patient.
    const first = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    expect((await mt.request({ method: 'POST', url: `/api/v1/dictations/${first}/claim` })).statusCode).toBe(
      200,
    );
    const earlier = 'Earlier visit: knee pain, improving.';
    await mt.request({
      method: 'PUT',
      url: `/api/v1/dictations/${first}/transcript`,
      headers: { 'if-match': '"1"' },
      payload: { text: earlier },
    });
    const doc = (await mt.request({ method: 'POST', url: `/api/v1/dictations/${first}/finalize` })).json();
    const prefs = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${physician.id}`,
      payload: { authorPreferences: 'Spell out all abbreviations.' },
    });
    expect(prefs.json().authorPreferences).toBe('Spell out all abbreviations.');

    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    const url = `/api/v1/dictations/${id}/author-context`;
    // Not claimed yet: nobody sees it.
    expect((await mt.request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await mt.request({ method: 'POST', url: `/api/v1/dictations/${id}/claim` })).statusCode).toBe(
      200,
    );
    const res = await mt.request({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      patient: { birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), sex: expect.any(String) },
      authorPreferences: 'Spell out all abbreviations.',
    });
    expect(res.json().earlierNotes[0]).toMatchObject({ id: doc.documentId, text: earlier });
    // Another transcriptionist, and the physician: 404.
    const other = await signedInUser(t, 'TRANSCRIPTIONIST');
    expect((await other.request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await physician.request({ method: 'GET', url })).statusCode).toBe(403);
    const audit = await t.ctx.db.auditEvent.findFirst({
      where: { action: 'patient.earlier_notes_viewed', objectId: id },
    });
    expect((audit!.details as { documents: string[] }).documents).toContain(doc.documentId);
  });
});

describe('PATCH /admin/users/:id (profile)', () => {
  const patch = (id: string, payload: object) =>
    admin.request({ method: 'PATCH', url: `/api/v1/admin/users/${id}`, payload });

  it('renames a user, sets credentials and an NPI, and audits which fields changed', async () => {
    const npi = randomNpi();
    const res = await patch(physician.id, { displayName: 'Dr. Paula Grant', credentials: 'MD', npi });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: 'Dr. Paula Grant', credentials: 'MD', npi });
    const listed = (await admin.request({ method: 'GET', url: '/api/v1/admin/users' }))
      .json()
      .find((u: { id: string }) => u.id === physician.id);
    expect(listed).toMatchObject({ displayName: 'Dr. Paula Grant', npi });
    const events = await t.ctx.db.auditEvent.findMany({
      where: { objectId: physician.id, action: 'user.updated' },
    });
    expect(events.map((e) => e.details)).toContainEqual({ fields: ['displayName', 'credentials', 'npi'] });
    // Values are not written to the audit details.
    expect(JSON.stringify(events.map((e) => e.details))).not.toContain(npi);
    // Clearing a field.
    expect((await patch(physician.id, { credentials: null })).json().credentials).toBeNull();
  });

  it('refuses a bad NPI, a taken NPI and an admin changing their own role, changing nothing', async () => {
    const before = await t.ctx.db.user.findUniqueOrThrow({ where: { id: mt.id } });
    const bad = await patch(mt.id, { npi: '1234567890', displayName: 'Changed' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const taken = (await t.ctx.db.user.findUniqueOrThrow({ where: { id: physician.id } })).npi!;
    const dup = await patch(mt.id, { npi: taken });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    const own = await patch(admin.id, { role: 'RECORDS' });
    expect(own.statusCode).toBe(400);
    const after = await t.ctx.db.user.findUniqueOrThrow({ where: { id: mt.id } });
    expect(after).toMatchObject({ displayName: before.displayName, npi: before.npi });
  });

  it('changes a role, ends the user’s sessions and audits the change', async () => {
    const res = await patch(mt.id, { role: 'RECORDS' });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('RECORDS');
    const me = await mt.request({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(401);
    const ev = await t.ctx.db.auditEvent.findFirstOrThrow({
      where: { objectId: mt.id, action: 'user.role_changed' },
    });
    expect(ev.details).toMatchObject({ from: 'TRANSCRIPTIONIST', to: 'RECORDS' });
  });
});
