import { describe, expect, it } from 'vitest';
import { type SignedInUser, signedInUser } from '../support/api-harness';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { useTestApp } from '../support/use-test-app';

const { t, physician, mt, patient } = useTestApp({
  users: { physician: 'PHYSICIAN', mt: 'TRANSCRIPTIONIST' },
  patient: true,
});

const post = (user: SignedInUser, url: string, payload?: object) =>
  user.request({ method: 'POST', url, payload });
const save = (user: SignedInUser, id: string, version: number, text: string) =>
  user.request({
    method: 'PUT',
    url: `/api/v1/dictations/${id}/transcript`,
    headers: { 'if-match': `"${version}"` },
    payload: { text },
  });

describe('the transcriptionist workflow', () => {
  it('claim → save (new version, words keep their timings) → finalize creates the document', async () => {
    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    const worklist = await mt.request({
      method: 'GET',
      url: `/api/v1/worklist?author=${physician.username}`,
    });
    expect(worklist.json().items.map((d: { id: string }) => d.id)).toContain(id);

    const claimed = await post(mt, `/api/v1/dictations/${id}/claim`);
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'IN_EDIT', assignee: { username: mt.username } });

    const edited = 'Patient seen today for follow-up. Blood pressure is stable on lisinopril.';
    const saved = await save(mt, id, 1, edited);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(2);
    const transcript = (
      await mt.request({ method: 'GET', url: `/api/v1/dictations/${id}/transcript` })
    ).json();
    expect(transcript).toMatchObject({ version: 2, source: 'edit', text: edited });
    expect(transcript.words.find((w: { text: string }) => w.text === 'Patient')).toMatchObject({
      start: 0,
      end: 0.4,
    });
    expect(transcript.words.every((w: { start: number; end: number }) => w.end >= w.start)).toBe(true);

    const versions = (
      await mt.request({ method: 'GET', url: `/api/v1/dictations/${id}/transcript/versions` })
    ).json();
    expect(versions.map((v: { source: string }) => v.source)).toEqual(['engine', 'edit']);

    const finalized = await post(mt, `/api/v1/dictations/${id}/finalize`);
    expect(finalized.statusCode).toBe(200);
    const { documentId } = finalized.json();
    const doc = await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc.text).toBe(edited);
    const after = (await mt.request({ method: 'GET', url: `/api/v1/dictations/${id}` })).json();
    expect(after).toMatchObject({ status: 'FINALIZED', documentId });
    expect((await post(mt, `/api/v1/dictations/${id}/finalize`)).statusCode).toBe(409);
    expect(await t.ctx.db.document.count({ where: { dictationId: id } })).toBe(1);
  });

  it('a stale If-Match gets 412 with the current version and changes nothing; no If-Match is refused', async () => {
    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    await post(mt, `/api/v1/dictations/${id}/claim`);
    expect((await save(mt, id, 1, 'first edit')).statusCode).toBe(200);
    const stale = await save(mt, id, 1, 'an edit made on the old version');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error).toMatchObject({ code: 'VERSION_STALE', currentVersion: 2 });
    const current = (await mt.request({ method: 'GET', url: `/api/v1/dictations/${id}/transcript` })).json();
    expect(current.text).toBe('first edit');
    const noHeader = await mt.request({
      method: 'PUT',
      url: `/api/v1/dictations/${id}/transcript`,
      payload: { text: 'x' },
    });
    expect(noHeader.statusCode).toBe(428);
  });

  it('only the claimant edits: another transcriptionist gets 409 on claim and on save', async () => {
    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    const other = await signedInUser(t, 'TRANSCRIPTIONIST');
    expect((await save(mt, id, 1, 'unclaimed edit')).statusCode).toBe(409);
    await post(mt, `/api/v1/dictations/${id}/claim`);
    const second = await post(other, `/api/v1/dictations/${id}/claim`);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('ALREADY_CLAIMED');
    const otherSave = await save(other, id, 1, 'not mine');
    expect(otherSave.statusCode).toBe(409);
    expect(otherSave.json().error.code).toBe('NOT_CLAIMED_BY_YOU');
    const released = await post(mt, `/api/v1/dictations/${id}/release`);
    expect(released.json()).toMatchObject({ status: 'DRAFT_READY', assignee: null });
  });

  it('finalize is refused while a blank is open, and allowed once it is resolved', async () => {
    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    await post(mt, `/api/v1/dictations/${id}/claim`);
    const blank = await post(mt, `/api/v1/dictations/${id}/blanks`, {
      position: 10,
      audioTime: 1.5,
      note: 'drug name unclear',
    });
    expect(blank.statusCode).toBe(201);
    const refused = await post(mt, `/api/v1/dictations/${id}/finalize`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('BLANKS_OPEN');
    const routed = await mt.request({
      method: 'PATCH',
      url: `/api/v1/dictations/${id}/blanks/${blank.json().id}`,
      payload: { status: 'ROUTED_TO_AUTHOR' },
    });
    expect(routed.json().status).toBe('ROUTED_TO_AUTHOR');
    expect((await post(mt, `/api/v1/dictations/${id}/finalize`)).statusCode).toBe(409);
    await mt.request({
      method: 'PATCH',
      url: `/api/v1/dictations/${id}/blanks/${blank.json().id}`,
      payload: { status: 'RESOLVED' },
    });
    expect((await post(mt, `/api/v1/dictations/${id}/finalize`)).statusCode).toBe(200);
  });

  it('a failed transcription is a manual job: claimed from the worklist and typed from scratch', async () => {
    const id = await draftReadyDictation(t.ctx.db, {
      authorId: physician.id,
      patientMrn: patient.mrn,
      status: 'TRANSCRIPTION_FAILED',
    });
    const worklist = (
      await mt.request({ method: 'GET', url: `/api/v1/worklist?author=${physician.username}` })
    ).json();
    expect(worklist.items.find((d: { id: string }) => d.id === id)).toMatchObject({
      status: 'TRANSCRIPTION_FAILED',
      statusReason: 'ENGINE_UNAVAILABLE',
    });
    expect((await mt.request({ method: 'GET', url: `/api/v1/dictations/${id}/transcript` })).statusCode).toBe(
      404,
    );
    await post(mt, `/api/v1/dictations/${id}/claim`);
    const saved = await save(mt, id, 0, 'Typed by hand from the audio.');
    expect(saved.json().version).toBe(1);
    expect((await post(mt, `/api/v1/dictations/${id}/finalize`)).statusCode).toBe(200);
  });

  it('the worklist puts STAT first, then the earliest due', async () => {
    const ids: { id: string; priority: string; hours: number }[] = [];
    for (const [priority, hours] of [
      ['ROUTINE', 1],
      ['STAT', 5],
      ['ROUTINE', 0.5],
      ['STAT', 2],
    ] as const) {
      const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
      await t.ctx.db.dictation.update({
        where: { id },
        data: { priority, dueAt: new Date(Date.now() - 1e9 + hours * 3600_000) },
      });
      ids.push({ id, priority, hours });
    }
    const items = (
      await mt.request({ method: 'GET', url: `/api/v1/worklist?limit=200&author=${physician.username}` })
    ).json().items as { id: string }[];
    const order = items.map((d) => d.id).filter((id) => ids.some((x) => x.id === id));
    expect(order).toEqual([ids[3]!.id, ids[1]!.id, ids[2]!.id, ids[0]!.id]);
  });

  it('the author cancels before editing starts, not after', async () => {
    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    expect((await post(physician, `/api/v1/dictations/${id}/cancel`)).json().status).toBe('CANCELLED');
    const editing = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    await post(mt, `/api/v1/dictations/${editing}/claim`);
    expect((await post(physician, `/api/v1/dictations/${editing}/cancel`)).statusCode).toBe(409);
  });

  it('a work type that needs the author signature moves FINALIZED → SIGNED by the author only', async () => {
    const id = await draftReadyDictation(t.ctx.db, {
      authorId: physician.id,
      patientMrn: patient.mrn,
      workType: 'HP',
    });
    await post(mt, `/api/v1/dictations/${id}/claim`);
    await post(mt, `/api/v1/dictations/${id}/finalize`);
    const stranger = await signedInUser(t, 'PHYSICIAN');
    expect((await post(stranger, `/api/v1/dictations/${id}/sign`)).statusCode).toBe(404);
    const signed = await post(physician, `/api/v1/dictations/${id}/sign`);
    expect(signed.json().status).toBe('SIGNED');
    const doc = await t.ctx.db.document.findFirstOrThrow({ where: { dictationId: id } });
    expect(doc).toMatchObject({ status: 'SIGNED', signedById: physician.id });
  });

  it('a failed transcription can be sent back to the engine as a new run', async () => {
    const id = await draftReadyDictation(t.ctx.db, {
      authorId: physician.id,
      patientMrn: patient.mrn,
      status: 'TRANSCRIPTION_FAILED',
    });
    const res = await post(mt, `/api/v1/dictations/${id}/retranscribe`);
    expect(res.json()).toMatchObject({ status: 'QUEUED', statusReason: null });
    expect((await t.ctx.db.dictation.findUniqueOrThrow({ where: { id } })).transcriptionRun).toBe(2);
    expect((await post(mt, `/api/v1/dictations/${id}/retranscribe`)).statusCode).toBe(409);
  });

  it('the same transcriptionist claiming twice at once (double click, two tabs) gets the claim both times', async () => {
    const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    const [a, b] = await Promise.all([
      post(mt, `/api/v1/dictations/${id}/claim`),
      post(mt, `/api/v1/dictations/${id}/claim`),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().assignee.username).toBe(mt.username);
  });
});
