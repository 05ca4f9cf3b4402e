import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestPatient, type SignedInUser, signedInUser } from '../support/api-harness';
import { askAuthor, draftReadyDictation } from '../support/dictation-fixtures';
import { useTestApp } from '../support/use-test-app';

const { t, physician, otherPhysician, mt, patient } = useTestApp({
  users: { physician: 'PHYSICIAN', otherPhysician: 'PHYSICIAN', mt: 'TRANSCRIPTIONIST' },
  patient: { name: `Questionable ${randomUUID().slice(0, 6)}` },
});

const post = (user: SignedInUser, url: string, payload?: object) =>
  user.request({ method: 'POST', url, payload });

/** A claimed dictation with one blank routed to the author and one left open. */
async function dictationWithQuestion() {
  const id = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
  expect((await post(mt, `/api/v1/dictations/${id}/claim`)).statusCode).toBe(200);
  const routedId = await askAuthor(mt, id, { position: 8, audioTime: 1.5, note: 'drug name unclear' });
  const open = (await post(mt, `/api/v1/dictations/${id}/blanks`, { position: 20, audioTime: 3.2 })).json();
  return { id, routedId, openId: open.id as string };
}

describe('questions for the author (routed blanks)', () => {
  it('the dictation counts its questions, in the detail and in the lists', async () => {
    const { id } = await dictationWithQuestion();
    expect(
      (await physician.request({ method: 'GET', url: `/api/v1/dictations/${id}` })).json().questions,
    ).toBe(1);
    const mine = (
      await physician.request({ method: 'GET', url: '/api/v1/dictations?mine=1&limit=200' })
    ).json();
    expect(mine.items.find((d: { id: string }) => d.id === id)?.questions).toBe(1);
    const worklist = (
      await mt.request({ method: 'GET', url: `/api/v1/worklist?author=${physician.username}&limit=200` })
    ).json();
    expect(worklist.items.find((d: { id: string }) => d.id === id)?.questions).toBe(1);
    const plain = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: patient.mrn });
    expect(
      (await physician.request({ method: 'GET', url: `/api/v1/dictations/${plain}` })).json().questions,
    ).toBe(0);
  });

  it('the author answers: the blank is OPEN again with the answer, the count drops, and it is audited', async () => {
    const { id, routedId } = await dictationWithQuestion();
    const res = await post(physician, `/api/v1/dictations/${id}/blanks/${routedId}/answer`, {
      answer: 'metoprolol 25 mg',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: routedId,
      status: 'OPEN',
      answer: 'metoprolol 25 mg',
      note: 'drug name unclear',
    });
    expect(res.json().answeredAt).toEqual(expect.any(String));

    // The transcriptionist sees the answer on the blank.
    const blanks = (await mt.request({ method: 'GET', url: `/api/v1/dictations/${id}/blanks` })).json();
    expect(blanks.find((b: { id: string }) => b.id === routedId)).toMatchObject({
      status: 'OPEN',
      answer: 'metoprolol 25 mg',
    });
    expect(
      (await physician.request({ method: 'GET', url: `/api/v1/dictations/${id}` })).json().questions,
    ).toBe(0);

    const audit = await t.ctx.db.auditEvent.findFirst({
      where: { action: 'blank.answered', objectId: routedId },
    });
    expect(audit).toMatchObject({ username: physician.username, role: 'PHYSICIAN', patientMrn: patient.mrn });
    // The answer itself is patient data: it is not in the audit row.
    expect(JSON.stringify(audit?.details ?? {})).not.toContain('metoprolol');

    // Answered once: a second answer finds the blank no longer waiting.
    const again = await post(physician, `/api/v1/dictations/${id}/blanks/${routedId}/answer`, {
      answer: 'again',
    });
    expect(again.statusCode).toBe(409);
  });

  it('another physician gets 404; a blank not routed to the author gets 409; other roles get 403', async () => {
    const { id, routedId, openId } = await dictationWithQuestion();
    const foreign = await post(otherPhysician, `/api/v1/dictations/${id}/blanks/${routedId}/answer`, {
      answer: 'x',
    });
    expect(foreign.statusCode).toBe(404);
    const notRouted = await post(physician, `/api/v1/dictations/${id}/blanks/${openId}/answer`, {
      answer: 'x',
    });
    expect(notRouted.statusCode).toBe(409);
    const unknown = await post(physician, `/api/v1/dictations/${id}/blanks/${randomUUID()}/answer`, {
      answer: 'x',
    });
    expect(unknown.statusCode).toBe(404);
    expect(
      (await post(mt, `/api/v1/dictations/${id}/blanks/${routedId}/answer`, { answer: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (await post(physician, `/api/v1/dictations/${id}/blanks/${routedId}/answer`, { answer: '  ' }))
        .statusCode,
    ).toBe(400);
    // Nothing changed.
    const blank = await t.ctx.db.blank.findUniqueOrThrow({ where: { id: routedId } });
    expect(blank).toMatchObject({ status: 'ROUTED_TO_AUTHOR', answer: null });
  });
});

describe('spell checking', () => {
  const check = (user: SignedInUser, words: string[]) => post(user, '/api/v1/spellcheck', { words });

  it('flags a made-up word and accepts medical terms and ordinary English', async () => {
    const words = [
      'The',
      'patient',
      'takes',
      'metoprolol,',
      'lisinopril',
      'and',
      'atorvastatin.',
      'An',
      'echocardiogram',
      'showed',
      'normal',
      'function;',
      'abdomen',
      'soft,',
      'nontender.',
      'BP',
      '120/80',
      'mmHg',
      'COPD',
      "doesn't",
      'zarquplex',
    ];
    const res = await check(mt, words);
    expect(res.statusCode).toBe(200);
    expect(res.json().misspelled.map((m: { word: string }) => m.word)).toEqual(['zarquplex']);
  });

  it('suggests metoprolol for "metroprolol", keeping the capital', async () => {
    const res = (await check(physician, ['metroprolol', 'Metroprolol', 'metroprolol'])).json();
    expect(res.misspelled).toHaveLength(2);
    expect(res.misspelled[0]).toMatchObject({ word: 'metroprolol' });
    expect(res.misspelled[0].suggestions[0]).toBe('metoprolol');
    expect(res.misspelled[1].suggestions[0]).toBe('Metoprolol');
  });

  it('accepts an organisation vocabulary term once an administrator adds it', async () => {
    const term = `Zentravoxib${randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 4)}`;
    expect((await check(mt, [term])).json().misspelled).toHaveLength(1);
    const admin = await signedInUser(t, 'ADMIN');
    const added = await post(admin, '/api/v1/admin/vocabulary', { term, category: 'formulary' });
    expect(added.statusCode).toBe(201);
    expect((await check(mt, [term, term.toLowerCase()])).json().misspelled).toEqual([]);
    const removed = await admin.request({
      method: 'DELETE',
      url: `/api/v1/admin/vocabulary/${added.json().id}`,
    });
    expect(removed.statusCode).toBe(204);
    expect((await check(mt, [term])).json().misspelled).toHaveLength(1);
  });

  it('takes at most 2,000 words; needs a signed-in clinical role', async () => {
    expect(
      (
        await check(
          mt,
          Array.from({ length: 2001 }, () => 'word'),
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await check(
          mt,
          Array.from({ length: 2000 }, (_, i) => `word${i}`),
        )
      ).statusCode,
    ).toBe(200);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/spellcheck',
      payload: { words: ['x'] },
    });
    expect(anonymous.statusCode).toBe(401);
    const admin = await signedInUser(t, 'ADMIN');
    expect((await check(admin, ['word'])).statusCode).toBe(403);
  });
});

describe('worklist and dictation list search (q)', () => {
  it('finds by part of the patient name or MRN, or the author, case-insensitively', async () => {
    const tag = randomUUID().slice(0, 8);
    const author = await signedInUser(t, 'PHYSICIAN');
    await t.ctx.db.user.update({ where: { id: author.id }, data: { displayName: `Dr Searchable ${tag}` } });
    const a = await createTestPatient(t, { name: `Quinn Findme${tag}` });
    const b = await createTestPatient(t, { name: `Other Person ${tag.slice(0, 4)}` });
    const idA = await draftReadyDictation(t.ctx.db, { authorId: author.id, patientMrn: a.mrn });
    const idB = await draftReadyDictation(t.ctx.db, { authorId: physician.id, patientMrn: b.mrn });
    const ids = async (url: string) => {
      const res = await mt.request({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      return res.json().items.map((d: { id: string }) => d.id) as string[];
    };
    for (const base of ['/api/v1/worklist', '/api/v1/dictations']) {
      expect(await ids(`${base}?q=${encodeURIComponent(`findme${tag}`.toUpperCase())}`)).toEqual([idA]);
      expect(await ids(`${base}?q=${encodeURIComponent(a.mrn.slice(-6).toLowerCase())}`)).toEqual([idA]);
      expect(await ids(`${base}?q=${encodeURIComponent(`searchable ${tag}`)}`)).toEqual([idA]);
      expect(await ids(`${base}?q=${encodeURIComponent(author.username.slice(-8).toUpperCase())}`)).toEqual([
        idA,
      ]);
      expect(
        await ids(`${base}?q=${encodeURIComponent(`person ${tag.slice(0, 4)}`)}&priority=ROUTINE`),
      ).toContain(idB);
      expect(await ids(`${base}?q=${encodeURIComponent(`person ${tag.slice(0, 4)}`)}&priority=STAT`)).toEqual(
        [],
      );
      // LIKE wildcards are literal.
      expect(await ids(`${base}?q=${encodeURIComponent(`%${tag}`)}`), base).toEqual([]);
    }
    // A physician's search stays within their own dictations.
    const own = await physician.request({
      method: 'GET',
      url: `/api/v1/dictations?q=${encodeURIComponent(`findme${tag}`)}`,
    });
    expect(own.json().items).toEqual([]);
  });
});
