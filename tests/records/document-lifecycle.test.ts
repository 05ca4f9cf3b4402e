import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { verifyAuditChain } from '@dictum/core/domain/audit/verify-audit-chain';
import { type DocumentStatus, documentStatuses } from '@dictum/core/domain/document/state-machine';
import { Hl7Message } from '@medplum/core';
import type { DocumentReference } from '@medplum/fhirtypes';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPatient, type SignedInUser, signedInUser, TEST_PASSWORD } from '../support/api-harness';
import { useRunningWorkers, useTestApp } from '../support/use-test-app';
import {
  deliveringTo,
  eventually,
  type FhirReceiver,
  finalizedDocument,
  type MllpListener,
  NOTE_ROLES,
  startReceivers,
  writesOf,
} from './records-support';

// Issue 12 from the outside: signatures that mean what they say in HL7, FHIR and the PDF; amendments
// that go to the author; retraction to a real MLLP listener and FHIR server; return to transcription;
// one audit row per status change and an intact audit chain afterwards.

let fhir: FhirReceiver;
let mllp: MllpListener;
let tmp: string;
beforeAll(async () => {
  ({ fhir, mllp } = await startReceivers());
  tmp = mkdtempSync(path.join(tmpdir(), 'dictum-lifecycle-'));
});
afterAll(async () => {
  await Promise.all([fhir?.close(), mllp?.close()]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});
const { t, records, physician, transcriptionist } = useTestApp({
  env: () => deliveringTo(fhir, mllp),
  users: NOTE_ROLES,
});
useRunningWorkers(t);

const actors = () => ({ physician, transcriptionist });
const post = (user: SignedInUser, url: string, payload?: object) =>
  user.request({ method: 'POST', url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
const get = (user: SignedInUser, url: string) => user.request({ method: 'GET', url: `/api/v1${url}` });

async function exportsOf(id: string) {
  const hl7 = Hl7Message.parse((await get(records, `/documents/${id}/hl7`)).body);
  const resource = (await get(records, `/documents/${id}/fhir`)).json() as DocumentReference;
  const pdf = await get(records, `/documents/${id}/pdf`);
  const file = path.join(tmp, `${id}.pdf`);
  writeFileSync(file, pdf.rawPayload);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    ' ',
  );
  const txa = hl7.getSegment('TXA');
  return {
    txa17: txa?.getField(17).toString(),
    txa22: txa?.getField(22)?.toString() ?? '',
    txa22User: txa?.getComponent(22, 1),
    fhir: resource,
    pdf: text,
  };
}

async function statusChanges(documentId: string) {
  const rows = await t.ctx.db.auditEvent.findMany({
    where: { objectType: 'document', objectId: documentId },
    orderBy: { id: 'asc' },
  });
  return (
    rows
      // Document status changes only (deliveries are audited on the document too, as disclosures).
      .filter((r) => documentStatuses.includes((r.details as { to?: string } | null)?.to as DocumentStatus))
      .map((r) => r.action)
  );
}

async function fileOk(id: string) {
  const res = await post(records, `/documents/${id}/file`);
  expect(res.statusCode, res.body).toBe(200);
}

/** FHIR writes of one of our documents (PUT by id or conditional POST) carrying this status. */
function deliveredPuts(id: string, status: string) {
  return writesOf(fhir, id).filter((p) => p.resource.status === status);
}

describe('completion status from the facts of the version', () => {
  it('a progress note filed without signing is not LA anywhere', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: 'Progress: stable.',
    });
    await fileOk(documentId);
    const out = await exportsOf(documentId);
    expect(out.txa17).toBe('DO');
    expect(out.txa22).toBe('');
    expect(out.fhir.authenticator).toBeUndefined();
    expect(out.fhir.docStatus).toBe('final');
    expect(out.pdf).not.toContain('legally authenticated');
    expect(out.pdf).toContain('Not signed');
    const doc = (await get(records, `/documents/${documentId}`)).json();
    expect(doc).toMatchObject({ status: 'FILED', signed: null, completion: { hl7: 'DO' } });
  });

  it('a history and physical signed by its author then filed is LA with the author as authenticator', async () => {
    const patient = await createTestPatient(t);
    const text = 'HISTORY AND PHYSICAL:\nHealthy adult.';
    const { documentId } = await finalizedDocument(t, actors(), { mrn: patient.mrn, text, workType: 'HP' });
    const before = await exportsOf(documentId);
    expect([before.txa17, before.txa22, before.fhir.docStatus]).toEqual(['DO', '', 'preliminary']);
    expect(before.pdf).toContain("Not signed: awaiting the author's signature");

    // Records staff cannot sign; the author can.
    expect((await post(records, `/documents/${documentId}/sign`, {})).statusCode).toBe(403);
    const signed = await post(physician, `/documents/${documentId}/sign`, {});
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().signed).toMatchObject({ by: { id: physician.id } });
    expect(signed.json().signed.textSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await post(physician, `/documents/${documentId}/sign`, {})).statusCode).toBe(409);
    await fileOk(documentId);

    const out = await exportsOf(documentId);
    expect(out.txa17).toBe('LA');
    expect(out.txa22User).toBe(physician.username);
    expect(out.fhir.authenticator?.identifier?.value).toBe(physician.username);
    expect(out.fhir.docStatus).toBe('final');
    expect(out.pdf).toContain('Filed, signed by the author (legally authenticated)');
    expect(out.pdf).toContain('Electronically signed by');
    expect(await statusChanges(documentId)).toEqual(['document.signed', 'document.filed']);
  });

  it('the author corrects the text while signing: a new signed version, counted and hashed', async () => {
    const patient = await createTestPatient(t);
    const text = 'HISTORY AND PHYSICAL:\nHealthy adult.';
    const { documentId } = await finalizedDocument(t, actors(), { mrn: patient.mrn, text, workType: 'HP' });
    const corrected = 'HISTORY AND PHYSICAL:\r\nHealthy adult.\r\nNo known allergies.';
    const signed = await post(physician, `/documents/${documentId}/sign`, { text: corrected });
    expect(signed.statusCode, signed.body).toBe(200);
    const newId = signed.json().id as string;
    expect(newId).not.toBe(documentId);
    const rows = await t.ctx.db.document.findMany({
      where: { id: { in: [documentId, newId] } },
      select: { id: true, status: true, text: true, signedTextSha256: true, linesVisible: true },
    });
    const old = rows.find((r) => r.id === documentId);
    const next = rows.find((r) => r.id === newId);
    expect(old?.status).toBe('SUPERSEDED');
    expect(next).toMatchObject({ status: 'SIGNED', text: corrected.replaceAll('\r\n', '\n') });
    expect(next?.linesVisible).toBeGreaterThan(0);
    expect(next?.signedTextSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signing needs a sign-in or the password within the last 5 minutes', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: 'H&P.',
      workType: 'HP',
    });
    const author = await signedInUser(t, 'PHYSICIAN');
    // The author of this note is `physician`; age a second session of theirs instead.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: physician.username, password: TEST_PASSWORD },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const csrf = login.json().csrfToken as string;
    const newest = await t.ctx.db.session.findFirstOrThrow({
      where: { userId: physician.id },
      orderBy: { createdAt: 'desc' },
    });
    await t.ctx.db.session.update({
      where: { id: newest.id },
      data: { authenticatedAt: new Date(Date.now() - 10 * 60_000) },
    });
    const stale = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/documents/${documentId}/sign`,
        headers: { cookie, 'x-csrf-token': csrf },
        payload,
      });
    const refused = await stale({});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
    expect((await stale({ password: 'wrong-password-here' })).statusCode).toBe(403);
    const ok = await stale({ password: TEST_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    // Another physician's note answers 404.
    expect((await post(author, `/documents/${documentId}/sign`, {})).statusCode).toBe(404);
  });

  it('a second-factor code confirms a signature too', async () => {
    const patient = await createTestPatient(t);
    const author = await signedInUser(t, 'PHYSICIAN');
    const enrol = await post(author, '/auth/mfa/enroll');
    expect(enrol.statusCode, enrol.body).toBe(200);
    const secret = enrol.json().secret as string;
    const now = Math.floor(Date.now() / 1000);
    // Enrolled with the previous time step's code, so the current one is still unused.
    const verified = await post(author, '/auth/mfa/verify', {
      code: await generate({ secret, epoch: now - 30 }),
    });
    expect(verified.statusCode, verified.body).toBe(200);
    await t.ctx.db.session.updateMany({
      where: { userId: author.id },
      data: { authenticatedAt: new Date(Date.now() - 10 * 60_000) },
    });
    const { documentId } = await finalizedDocument(
      t,
      { physician: author, transcriptionist },
      { mrn: patient.mrn, text: 'H&P.', workType: 'HP' },
    );
    expect((await post(author, `/documents/${documentId}/sign`, {})).json().error.code).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    const wrong = await post(author, `/documents/${documentId}/sign`, { code: '000000' });
    expect(wrong.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
    const ok = await post(author, `/documents/${documentId}/sign`, {
      code: await generate({ secret, epoch: now }),
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('wrong signing passwords count as failed sign-ins and lock the account', async () => {
    const patient = await createTestPatient(t);
    const author = await signedInUser(t, 'PHYSICIAN');
    const { documentId } = await finalizedDocument(
      t,
      { physician: author, transcriptionist },
      { mrn: patient.mrn, text: 'H&P.', workType: 'HP' },
    );
    const codes: string[] = [];
    for (let i = 0; i < t.ctx.config.auth.lockoutThreshold; i++) {
      const res = await post(author, `/documents/${documentId}/sign`, { password: `wrong-password-${i}` });
      codes.push(res.json().error.code);
    }
    expect(codes.at(-1)).toBe('ACCOUNT_LOCKED');
    expect(new Set(codes.slice(0, -1))).toEqual(new Set(['REAUTHENTICATION_REQUIRED']));
    const right = await post(author, `/documents/${documentId}/sign`, { password: TEST_PASSWORD });
    expect([right.statusCode, right.json().error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    expect((await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })).signedAt).toBeNull();
  });
});

describe('amendments go to the author', () => {
  it('a replacement by records staff waits unsigned for the author, supersedes the old version, and goes out', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: 'HISTORY AND PHYSICAL:\nMetoprolol 25 mg.',
      workType: 'HP',
    });
    expect((await post(physician, `/documents/${documentId}/sign`, {})).statusCode).toBe(200);
    await fileOk(documentId);
    await eventually(async () => expect(deliveredPuts(documentId, 'current')).toHaveLength(1));

    const noReason = await post(records, `/documents/${documentId}/amend`, {
      kind: 'replacement',
      text: 'HISTORY AND PHYSICAL:\nMetoprolol 50 mg.',
    });
    expect(noReason.statusCode).toBe(400);
    const blankReason = await post(records, `/documents/${documentId}/amend`, {
      kind: 'replacement',
      text: 'HISTORY AND PHYSICAL:\nMetoprolol 50 mg.',
      reason: '  ',
    });
    expect(blankReason.statusCode).toBe(400);

    const replaced = await post(records, `/documents/${documentId}/amend`, {
      kind: 'replacement',
      text: 'HISTORY AND PHYSICAL:\nMetoprolol 50 mg.',
      reason: 'Dose transcribed wrongly',
    });
    expect(replaced.statusCode, replaced.body).toBe(201);
    const replacementId = replaced.json().id as string;

    // On the author's list, with the reason; not LA until signed.
    const toSign = (await get(physician, '/documents/to-sign')).json().items as Array<{
      id: string;
      reason: string;
      parentId: string;
    }>;
    expect(toSign.find((d) => d.id === replacementId)).toMatchObject({
      reason: 'Dose transcribed wrongly',
      parentId: documentId,
    });
    const unsigned = await exportsOf(replacementId);
    expect([unsigned.txa17, unsigned.txa22, unsigned.fhir.docStatus]).toEqual(['DO', '', 'preliminary']);
    expect(unsigned.fhir.authenticator).toBeUndefined();
    expect((await get(records, `/documents/${documentId}`)).json().status).toBe('SUPERSEDED');

    // The superseded version is delivered again with status superseded.
    await eventually(async () => {
      const put = deliveredPuts(documentId, 'superseded');
      expect(put).toHaveLength(1);
      expect(put[0]!.errors).toEqual([]);
    });

    const signed = await post(physician, `/documents/${replacementId}/sign`, {});
    expect(signed.statusCode, signed.body).toBe(200);
    const after = await exportsOf(replacementId);
    expect([after.txa17, after.txa22User, after.fhir.docStatus]).toEqual([
      'LA',
      physician.username,
      'amended',
    ]);
    expect(after.fhir.authenticator?.identifier?.value).toBe(physician.username);
    expect(
      (await get(physician, '/documents/to-sign'))
        .json()
        .items.some((d: { id: string }) => d.id === replacementId),
    ).toBe(false);
    // ...and the EHR learns it: the replacement is delivered again, now LA.
    await eventually(async () => {
      const puts = writesOf(fhir, replacementId);
      const rows = await t.ctx.db.delivery.findMany({
        where: { documentId: replacementId },
        select: { target: true, event: true, status: true, round: true, lastError: true },
      });
      expect(
        puts.at(-1)?.resource.authenticator?.identifier?.value,
        JSON.stringify({ rows, writes: puts.length }),
      ).toBe(physician.username);
    }, 40_000);

    expect(await statusChanges(documentId)).toEqual([
      'document.signed',
      'document.filed',
      'document.superseded',
    ]);
    expect(await statusChanges(replacementId)).toEqual(['document.signed']);
    const versions = (await get(records, `/documents/${replacementId}/versions`)).json() as Array<{
      id: string;
    }>;
    expect(versions.map((v) => v.id)).toEqual([documentId, replacementId]);
  });

  it("an addendum made before a replacement stays with the current version; the author's own is signed", async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: 'Progress: cough.',
    });
    await fileOk(documentId);
    const addendum = await post(physician, `/documents/${documentId}/amend`, {
      kind: 'addendum',
      text: 'Culture negative.',
      reason: 'Result arrived',
    });
    expect(addendum.statusCode, addendum.body).toBe(201);
    const replacement = await post(records, `/documents/${documentId}/amend`, {
      kind: 'replacement',
      text: 'Progress: dry cough.',
      reason: 'Wrong word',
    });
    expect(replacement.statusCode, replacement.body).toBe(201);
    const current = (await get(physician, `/documents/${replacement.json().id}`)).json();
    expect(current.addenda.map((a: { id: string }) => a.id)).toEqual([addendum.json().id]);
    expect(current.addenda[0]).toMatchObject({
      reason: 'Result arrived',
      signed: { by: { id: physician.id } },
    });
    expect((await exportsOf(addendum.json().id)).txa17).toBe('LA');
  });
});

describe('retraction and return', () => {
  it('a retracted note goes out as MDM^T11 and FHIR entered-in-error, leaves the record, and is re-filed', async () => {
    const patient = await createTestPatient(t);
    const right = await createTestPatient(t);
    const { documentId, dictationId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: 'Progress: wrong patient.',
    });
    await fileOk(documentId);
    await eventually(async () => expect(deliveredPuts(documentId, 'current')).toHaveLength(1));
    expect((await post(records, `/documents/${documentId}/retract`, {})).statusCode).toBe(400);
    expect((await post(physician, `/documents/${documentId}/retract`, { reason: 'x' })).statusCode).toBe(403);

    const retracted = await post(records, `/documents/${documentId}/retract`, {
      reason: 'Filed under the wrong patient',
    });
    expect(retracted.statusCode, retracted.body).toBe(200);
    expect(retracted.json()).toMatchObject({
      status: 'ENTERED_IN_ERROR',
      retraction: { reason: 'Filed under the wrong patient' },
    });
    const { number } = await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } });
    await eventually(async () => {
      const t11 = mllp.messages.find(
        (m) =>
          m.header.getField(9).toString().startsWith('MDM^T11') &&
          m.getSegment('TXA')?.getField(12).toString() === number,
      );
      expect(t11).toBeDefined();
      const put = deliveredPuts(documentId, 'entered-in-error');
      expect(put).toHaveLength(1);
      expect(put[0]!.errors).toEqual([]);
    });
    const chart = (await get(records, `/patients/${patient.mrn}/documents`)).json().items as Array<{
      id: string;
    }>;
    expect(chart.some((d) => d.id === documentId)).toBe(false);
    // Kept: records staff still read it.
    expect((await get(records, `/documents/${documentId}`)).statusCode).toBe(200);
    expect((await t.ctx.db.dictation.findUniqueOrThrow({ where: { id: dictationId } })).status).toBe(
      'FINALIZED',
    );

    const refiled = await post(records, `/documents/${documentId}/refile`, { patientMrn: right.mrn });
    expect(refiled.statusCode, refiled.body).toBe(201);
    await fileOk(refiled.json().id);
    const rightChart = (await get(records, `/patients/${right.mrn}/documents`)).json().items as Array<{
      id: string;
      text: string;
    }>;
    expect(rightChart.map((d) => d.text)).toEqual(['Progress: wrong patient.']);
    expect(await statusChanges(documentId)).toEqual(['document.filed', 'document.retracted']);
  });

  it('retracting a replaced note withdraws the versions it superseded and its addenda too', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(t, actors(), { mrn: patient.mrn, text: 'Progress: v1.' });
    await fileOk(documentId);
    const amend = (kind: string, text: string) =>
      post(records, `/documents/${documentId}/amend`, { kind, text, reason: 'Correction' });
    const addendum = (await amend('addendum', 'Addendum.')).json().id as string;
    const replacement = (await amend('replacement', 'Progress: v2.')).json().id as string;
    const res = await post(records, `/documents/${replacement}/retract`, { reason: 'Wrong patient' });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of [documentId, addendum, replacement]) {
      expect((await get(records, `/documents/${id}`)).json().status).toBe('ENTERED_IN_ERROR');
    }
    expect((await get(records, `/patients/${patient.mrn}/documents`)).json().items).toEqual([]);
    expect(await statusChanges(documentId)).toEqual([
      'document.filed',
      'document.superseded',
      'document.retracted',
    ]);
  });

  it('the author returns a note to transcription with a comment the transcriptionist sees', async () => {
    const patient = await createTestPatient(t);
    const { documentId, dictationId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: 'H&P: unclear dose.',
      workType: 'HP',
    });
    expect((await post(physician, `/documents/${documentId}/return`, { comment: '' })).statusCode).toBe(400);
    const returned = await post(physician, `/documents/${documentId}/return`, {
      comment: 'Please re-listen at 0:40, the dose is 50 mg',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().status).toBe('RETURNED');
    const seen = (await get(transcriptionist, `/dictations/${dictationId}`)).json();
    expect(seen).toMatchObject({
      status: 'DRAFT_READY',
      documentId: null,
      returned: { comment: 'Please re-listen at 0:40, the dose is 50 mg' },
    });
    const worklist = (await get(transcriptionist, `/worklist?limit=200&q=${patient.mrn}`)).json();
    const items = Array.isArray(worklist) ? worklist : worklist.items;
    expect(items.some((d: { id: string }) => d.id === dictationId)).toBe(true);
    expect(await statusChanges(documentId)).toEqual(['document.returned']);
    // Finalized again: a new document, the comment dealt with.
    expect((await post(transcriptionist, `/dictations/${dictationId}/claim`)).statusCode).toBe(200);
    const fin = await post(transcriptionist, `/dictations/${dictationId}/finalize`);
    expect(fin.statusCode, fin.body).toBe(200);
    expect(fin.json().documentId).not.toBe(documentId);
    expect((await get(transcriptionist, `/dictations/${dictationId}`)).json().returned).toBeNull();
  });
});

describe('the audit trail', () => {
  it('is intact after the run (npm run admin -- audit-verify)', async () => {
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'api/src/cli/admin.ts', 'audit-verify'], {
      env: { ...process.env },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/ok|intact|verified/i);
  });
});
