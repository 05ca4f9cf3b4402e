import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unescapeHl7 } from '@dictum/core/capability/interop/hl7-mdm';
import { countLines } from '@dictum/core/capability/interop/line-counts';
import { Hl7Message } from '@medplum/core';
import type { DocumentReference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPatient, type SignedInUser, signedInUser } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';
import { attachmentText, fhirErrors, finalizedDocument, NO_DELIVERY, NOTE_ROLES } from './records-support';

// The records desk without EHR targets configured: filing, the signature rule, exports in FHIR,
// HL7 and PDF, reassignment, object-level access and the line-count report.

// Every delimiter HL7 has, Unicode, and blank lines: what a real note can contain.
const NOTE = [
  'SUBJECTIVE:',
  'Patient reports chest pain | radiating ^ to left arm ~ 2 days \\ worse & better.',
  '',
  'OBJECTIVE:',
  'Temp 38.2 °C, SpO₂ 97 %. Zoë was seen with her daughter.',
  '',
  'PLAN:',
  'Aspirin 81 mg daily. Follow up in 2 weeks.',
].join('\n');

const { t, records, admin, physician, otherPhysician, transcriptionist } = useTestApp({
  env: NO_DELIVERY,
  users: { ...NOTE_ROLES, admin: 'ADMIN', otherPhysician: 'PHYSICIAN' },
});
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'dictum-records-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const actors = () => ({ physician, transcriptionist });

function file(id: string) {
  return records.request({ method: 'POST', url: `/api/v1/documents/${id}/file` });
}

function auditRows(objectId: string, action: string) {
  return t.ctx.db.auditEvent.findMany({ where: { objectId, action }, orderBy: { id: 'asc' } });
}

describe('filing a finalized note', () => {
  it('claim → edit → finalize → file yields FHIR, HL7 and PDF that carry exactly the final text', async () => {
    const patient = await createTestPatient(t);
    const { documentId, dictationId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: NOTE,
      encounter: 'V-1001',
    });

    const ready = await records.request({ method: 'GET', url: '/api/v1/documents?status=READY&limit=200' });
    expect(ready.statusCode).toBe(200);
    // Others' documents may be in the queue too (files run in parallel); ours is among them.
    const queued = await findInList(records, 'READY', documentId);
    expect(queued).toMatchObject({ status: 'FINALIZED', readyToFile: true, kind: 'ORIGINAL', version: 1 });

    const filed = await file(documentId);
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json()).toMatchObject({
      id: documentId,
      status: 'FILED',
      readyToFile: false,
      patient: { mrn: patient.mrn, name: patient.name },
      workType: { code: 'PROGRESS', loinc: '11506-3', requiresSignature: false },
      author: { id: physician.id, username: physician.username },
      dictationId,
      // No target configured, so nothing to deliver.
      deliveries: [],
    });
    expect(filed.json().filedAt).toBeTruthy();
    const dictation = await t.ctx.db.dictation.findUniqueOrThrow({ where: { id: dictationId } });
    expect(dictation.status).toBe('FILED');
    const row = await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(row.filedById).toBe(records.id);
    expect(await auditRows(documentId, 'document.filed')).toHaveLength(1);

    // (a) FHIR
    const fhir = await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}/fhir` });
    expect(fhir.statusCode).toBe(200);
    expect(fhir.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const resource = fhir.json() as DocumentReference;
    expect(fhirErrors(resource)).toEqual([]);
    expect(attachmentText(resource)).toBe(NOTE);
    const workType = await t.ctx.db.workType.findUniqueOrThrow({ where: { code: 'PROGRESS' } });
    expect(resource.type?.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: workType.loinc });
    expect(resource.subject?.identifier?.value).toBe(patient.mrn);
    expect(resource.identifier?.[0]?.value).toBe(row.number);
    expect(resource).toMatchObject({ id: documentId, status: 'current', docStatus: 'final' });
    expect(resource.context?.encounter?.[0]?.identifier?.value).toBe('V-1001');

    // (b) HL7 v2 MDM^T02
    const hl7 = await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}/hl7` });
    expect(hl7.statusCode).toBe(200);
    expect(hl7.headers['content-type']).toMatch(/^text\/plain/);
    const msg = Hl7Message.parse(hl7.body);
    expect(msg.header.getField(9).toString()).toBe('MDM^T02^MDM_T02');
    expect(msg.getSegment('PID')?.getComponent(3, 1)).toBe(patient.mrn);
    expect(msg.getSegment('TXA')?.getField(12).toString()).toBe(row.number);
    // A progress note nobody signed is documented, never legally authenticated (SPEC §2).
    expect(msg.getSegment('TXA')?.getField(17).toString()).toBe('DO');
    const obxText = msg
      .getAllSegments('OBX')
      .map((obx) => unescapeHl7(obx.getField(5)?.toString() ?? ''))
      .join('\n');
    expect(obxText).toBe(NOTE);

    // (c) PDF, read back by poppler
    const pdf = await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdftotext(pdf.rawPayload);
    for (const line of NOTE.split('\n').filter(Boolean)) expect(squash(text)).toContain(squash(line));
    expect(text).toContain(patient.mrn);

    const exported = await auditRows(documentId, 'document.exported');
    expect(exported.map((e) => (e.details as { format: string }).format).sort()).toEqual([
      'fhir',
      'hl7',
      'pdf',
    ]);
    expect(exported.every((e) => e.patientMrn === patient.mrn && e.username === records.username)).toBe(true);
  });

  it('a work type that needs the author’s signature is filed only after signing', async () => {
    const patient = await createTestPatient(t);
    const { documentId, dictationId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: 'HISTORY AND PHYSICAL:\nHealthy adult.',
      workType: 'HP',
    });
    expect(await findInList(records, 'AWAITING_SIGNATURE', documentId)).toMatchObject({
      awaitingSignature: true,
      readyToFile: false,
    });

    // Unsigned: the MDM says documented (not LA), FHIR preliminary.
    const hl7 = await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}/hl7` });
    expect(Hl7Message.parse(hl7.body).getSegment('TXA')?.getField(17).toString()).toBe('DO');
    const draft = (
      await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}/fhir` })
    ).json();
    expect(draft.docStatus).toBe('preliminary');

    const refused = await file(documentId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('SIGNATURE_REQUIRED');
    expect((await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })).status).toBe(
      'FINALIZED',
    );
    expect((await t.ctx.db.dictation.findUniqueOrThrow({ where: { id: dictationId } })).status).toBe(
      'FINALIZED',
    );

    const signed = await physician.request({ method: 'POST', url: `/api/v1/dictations/${dictationId}/sign` });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(await findInList(records, 'READY', documentId)).toMatchObject({
      status: 'SIGNED',
      readyToFile: true,
    });

    const filed = await file(documentId);
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json().status).toBe('FILED');
    const fhir = (
      await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}/fhir` })
    ).json();
    expect(fhir.authenticator?.identifier?.value).toBe(physician.username);
    expect(fhir.docStatus).toBe('final');
  });

  it('filing twice answers 409 and files once', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(t, actors(), { mrn: patient.mrn, text: 'Brief note.' });
    const results = await Promise.all([file(documentId), file(documentId)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const again = await file(documentId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DOCUMENT_ALREADY_FILED');
    expect(await auditRows(documentId, 'document.filed')).toHaveLength(1);
  });

  it('only records staff file', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(t, actors(), { mrn: patient.mrn, text: 'Note.' });
    for (const user of [physician, transcriptionist, admin]) {
      expect(
        (await user.request({ method: 'POST', url: `/api/v1/documents/${documentId}/file` })).statusCode,
      ).toBe(403);
    }
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/documents/${documentId}/file` })).statusCode,
    ).toBe(401);
  });
});

describe('who can read a document', () => {
  it('physician B cannot read physician A’s document or its PDF; A, records and admins can', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(t, actors(), {
      mrn: patient.mrn,
      text: 'Private note of physician A.',
    });

    for (const url of [`/api/v1/documents/${documentId}`, `/api/v1/documents/${documentId}/pdf`]) {
      const denied = await otherPhysician.request({ method: 'GET', url });
      expect(denied.statusCode).toBe(404);
      expect(denied.body).not.toContain('Private note');
    }
    const own = await physician.request({ method: 'GET', url: `/api/v1/documents/${documentId}` });
    expect(own.statusCode).toBe(200);
    expect(own.json().text).toBe('Private note of physician A.');
    expect(
      (await physician.request({ method: 'GET', url: `/api/v1/documents/${documentId}/pdf` })).statusCode,
    ).toBe(200);
    expect((await admin.request({ method: 'GET', url: `/api/v1/documents/${documentId}` })).statusCode).toBe(
      200,
    );
    expect(
      (await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}` })).statusCode,
    ).toBe(200);

    // FHIR/HL7 exports are for records staff and admins; other roles are refused by role.
    expect(
      (await physician.request({ method: 'GET', url: `/api/v1/documents/${documentId}/fhir` })).statusCode,
    ).toBe(403);
    expect(
      (await transcriptionist.request({ method: 'GET', url: `/api/v1/documents/${documentId}` })).statusCode,
    ).toBe(403);
    expect(
      (await admin.request({ method: 'GET', url: `/api/v1/documents/${documentId}/hl7` })).statusCode,
    ).toBe(200);

    // Unknown and malformed ids look the same as invisible ones.
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await records.request({ method: 'GET', url: `/api/v1/documents/${id}` })).statusCode).toBe(404);
    }
    const views = await auditRows(documentId, 'document.viewed');
    expect(views.map((v) => v.username)).toEqual([physician.username, admin.username, records.username]);
  });
});

describe('reassigning a note to the right patient', () => {
  it('moves the document and its dictation before filing, audited with both patient ids', async () => {
    const wrong = await createTestPatient(t);
    const right = await createTestPatient(t);
    const { documentId, dictationId } = await finalizedDocument(t, actors(), {
      mrn: wrong.mrn,
      text: 'Note for the right patient.',
    });

    const unknown = await records.request({
      method: 'PATCH',
      url: `/api/v1/documents/${documentId}`,
      payload: { patientMrn: 'NO-SUCH-MRN' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('UNKNOWN_PATIENT');

    const moved = await records.request({
      method: 'PATCH',
      url: `/api/v1/documents/${documentId}`,
      payload: { patientMrn: right.mrn, encounter: 'V-RIGHT-1' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      patient: { mrn: right.mrn },
      encounter: { visitNumber: 'V-RIGHT-1' },
    });
    const dictation = await t.ctx.db.dictation.findUniqueOrThrow({
      where: { id: dictationId },
      include: { patient: true, encounter: true },
    });
    expect(dictation.patient.mrn).toBe(right.mrn);
    expect(dictation.encounter?.visitNumber).toBe('V-RIGHT-1');

    const [wrongRow, rightRow] = await Promise.all([
      t.ctx.db.patient.findUniqueOrThrow({ where: { mrn: wrong.mrn } }),
      t.ctx.db.patient.findUniqueOrThrow({ where: { mrn: right.mrn } }),
    ]);
    const audits = await auditRows(documentId, 'document.reassigned');
    // One row in each patient's trail; ids in the details, no names.
    expect(audits.map((a) => a.patientMrn).sort()).toEqual([wrong.mrn, right.mrn].sort());
    for (const a of audits) {
      expect(a.details).toMatchObject({ fromPatientId: wrongRow.id, toPatientId: rightRow.id, dictationId });
      expect(JSON.stringify(a.details)).not.toContain(wrong.name);
      expect(JSON.stringify(a.details)).not.toContain(right.name);
    }

    const fhir = (
      await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}/fhir` })
    ).json();
    expect(fhir.subject.identifier.value).toBe(right.mrn);

    expect((await file(documentId)).statusCode).toBe(200);
    const late = await records.request({
      method: 'PATCH',
      url: `/api/v1/documents/${documentId}`,
      payload: { patientMrn: wrong.mrn },
    });
    expect(late.statusCode).toBe(409);
    expect((await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })).patientId).toBe(
      rightRow.id,
    );
  });
});

describe('line-count report', () => {
  it('counts each transcriptionist’s documents and lines by both definitions, and says which', async () => {
    const mt = await signedInUser(t, 'TRANSCRIPTIONIST');
    const patient = await createTestPatient(t);
    // 130 characters → 2 lines either way; 201 with spaces (3 lines) but 101 visible (2 lines).
    const texts = ['x'.repeat(130), `${'a '.repeat(100)}z`];
    for (const text of texts)
      await finalizedDocument(t, { physician, transcriptionist: mt }, { mrn: patient.mrn, text });
    const today = new Date().toISOString().slice(0, 10);

    const res = await records.request({
      method: 'GET',
      url: `/api/v1/reports/line-counts?from=${today}&to=${today}&groupBy=day`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    const mine = report.items.filter(
      (i: { transcriptionist: { id: string } }) => i.transcriptionist.id === mt.id,
    );
    const expected = texts.map((x) => countLines(x));
    expect(mine).toEqual([
      {
        transcriptionist: { id: mt.id, username: mt.username, displayName: null, role: 'TRANSCRIPTIONIST' },
        period: today,
        documents: 2,
        linesWithSpaces: expected.reduce((s, c) => s + c.linesWithSpaces, 0),
        linesVisible: expected.reduce((s, c) => s + c.linesVisible, 0),
      },
    ]);
    expect(mine[0].linesWithSpaces).toBe(2 + 3);
    expect(mine[0].linesVisible).toBe(2 + 2);
    expect(report.charactersPerLine).toBe(65);
    expect(report.definitions.linesWithSpaces).toMatch(/including spaces/);
    expect(report.definitions.linesVisible).toMatch(/visible/);

    const total = (
      await admin.request({ method: 'GET', url: `/api/v1/reports/line-counts?from=${today}` })
    ).json();
    expect(
      total.items.find((i: { transcriptionist: { id: string } }) => i.transcriptionist.id === mt.id),
    ).toMatchObject({
      period: null,
      documents: 2,
    });
    expect(
      (await records.request({ method: 'GET', url: '/api/v1/reports/line-counts?from=2024-02-30' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await transcriptionist.request({ method: 'GET', url: '/api/v1/reports/line-counts' })).statusCode,
    ).toBe(403);
  });
});

async function findInList(user: SignedInUser, status: string, id: string) {
  let cursor: string | null = null;
  do {
    const res = await user.request({
      method: 'GET',
      url: `/api/v1/documents?status=${status}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: Array<{ id: string }>; nextCursor: string | null };
    const found = page.items.find((d) => d.id === id);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor);
  return undefined;
}

function pdftotext(pdf: Buffer): string {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
