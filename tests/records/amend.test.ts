import { unescapeHl7 } from '@dictum/core/capability/interop/hl7-mdm';
import { Hl7Message } from '@medplum/core';
import type { DocumentReference } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { createTestPatient, type SignedInUser, signedInUser } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';
import { attachmentText, fhirErrors, finalizedDocument, NO_DELIVERY, NOTE_ROLES } from './records-support';

// Changes after filing: addenda append, replacements supersede; the filed version is never touched.
// And the patient's chart, which shows every filed version.

const { t, records, physician, otherPhysician, transcriptionist } = useTestApp({
  env: NO_DELIVERY,
  users: { ...NOTE_ROLES, otherPhysician: 'PHYSICIAN' },
});

const ORIGINAL = 'ASSESSMENT:\nStable angina.\n\nPLAN:\nMetoprolol 25 mg twice daily.';

async function filedNote(mrn: string, text = ORIGINAL) {
  const { documentId, dictationId } = await finalizedDocument(
    t,
    { physician, transcriptionist },
    { mrn, text },
  );
  const filed = await records.request({ method: 'POST', url: `/api/v1/documents/${documentId}/file` });
  expect(filed.statusCode, filed.body).toBe(200);
  const number = (await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })).number;
  return { documentId, dictationId, number };
}

function amend(user: SignedInUser, id: string, kind: 'addendum' | 'replacement', text: string) {
  return user.request({
    method: 'POST',
    url: `/api/v1/documents/${id}/amend`,
    payload: { kind, text, reason: 'Corrected dosage' },
  });
}

async function exports(id: string) {
  const fhir = (
    await records.request({ method: 'GET', url: `/api/v1/documents/${id}/fhir` })
  ).json() as DocumentReference;
  const hl7 = Hl7Message.parse(
    (await records.request({ method: 'GET', url: `/api/v1/documents/${id}/hl7` })).body,
  );
  return { fhir, hl7 };
}

describe('amending a filed note', () => {
  it('an addendum is a second document that appends to the first (FHIR relatesTo, MDM^T06 with TXA-13)', async () => {
    const patient = await createTestPatient(t);
    const parent = await filedNote(patient.mrn);
    const text = 'ADDENDUM:\nTroponin negative at 6 hours | repeat ^ not needed.';

    const res = await amend(records, parent.documentId, 'addendum', text);
    expect(res.statusCode, res.body).toBe(201);
    const { id, number } = res.json();
    expect(number).not.toBe(parent.number);

    const doc = (await records.request({ method: 'GET', url: `/api/v1/documents/${id}` })).json();
    expect(doc).toMatchObject({
      kind: 'ADDENDUM',
      parentId: parent.documentId,
      version: 2,
      status: 'FILED',
      text,
      number,
    });
    expect(doc.author.id).toBe(physician.id);
    // The filed original is untouched.
    const original = (
      await records.request({ method: 'GET', url: `/api/v1/documents/${parent.documentId}` })
    ).json();
    expect(original).toMatchObject({ status: 'FILED', text: ORIGINAL });
    expect((await t.ctx.db.dictation.findUniqueOrThrow({ where: { id: parent.dictationId } })).status).toBe(
      'AMENDED',
    );

    const { fhir, hl7 } = await exports(id);
    expect(fhirErrors(fhir)).toEqual([]);
    expect(fhir.relatesTo).toEqual([
      expect.objectContaining({
        code: 'appends',
        target: expect.objectContaining({
          reference: `DocumentReference/${parent.documentId}`,
          identifier: expect.objectContaining({ value: parent.number }),
        }),
      }),
    ]);
    expect(attachmentText(fhir)).toBe(text);
    expect(fhir.status).toBe('current');
    expect(hl7.header.getField(9).toString()).toBe('MDM^T06^MDM_T02');
    expect(hl7.getSegment('TXA')?.getField(12).toString()).toBe(number);
    expect(hl7.getSegment('TXA')?.getField(13).toString()).toBe(parent.number);
    expect(
      hl7
        .getAllSegments('OBX')
        .map((o) => unescapeHl7(o.getField(5).toString()))
        .join('\n'),
    ).toBe(text);

    const audit = await t.ctx.db.auditEvent.findMany({ where: { objectId: id, action: 'document.created' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ parentId: parent.documentId, kind: 'ADDENDUM' });
  });

  it('a replacement supersedes the filed version, which stays readable (FHIR replaces, MDM^T10)', async () => {
    const patient = await createTestPatient(t);
    const parent = await filedNote(patient.mrn);
    const corrected = ORIGINAL.replace('25 mg', '50 mg');

    const res = await amend(records, parent.documentId, 'replacement', corrected);
    expect(res.statusCode, res.body).toBe(201);
    const { id, number } = res.json();

    const old = (
      await records.request({ method: 'GET', url: `/api/v1/documents/${parent.documentId}` })
    ).json();
    expect(old).toMatchObject({ status: 'SUPERSEDED', text: ORIGINAL });
    expect(old.supersededAt).toBeTruthy();

    const { fhir, hl7 } = await exports(id);
    expect(fhirErrors(fhir)).toEqual([]);
    expect(fhir.relatesTo?.[0]).toMatchObject({
      code: 'replaces',
      target: { reference: `DocumentReference/${parent.documentId}` },
    });
    expect(fhir).toMatchObject({ status: 'current', docStatus: 'amended' });
    expect(attachmentText(fhir)).toBe(corrected);
    expect(hl7.header.getField(9).toString()).toBe('MDM^T10^MDM_T02');
    expect(hl7.getSegment('TXA')?.getField(12).toString()).toBe(number);
    expect(hl7.getSegment('TXA')?.getField(13).toString()).toBe(parent.number);

    const previous = await exports(parent.documentId);
    expect(previous.fhir.status).toBe('superseded');
    expect(previous.hl7.getSegment('TXA')?.getField(19).toString()).toBe('OB');

    // A superseded version is amended no more: the current one is.
    const stale = await amend(records, parent.documentId, 'addendum', 'Too late.');
    expect(stale.statusCode).toBe(409);
    const again = await amend(records, id, 'replacement', `${corrected}\nSecond correction.`);
    expect(again.statusCode).toBe(201);
    const third = (
      await records.request({ method: 'GET', url: `/api/v1/documents/${again.json().id}` })
    ).json();
    expect(third).toMatchObject({ version: 3, parentId: id });
  });

  it('the author may amend their own note (and signs it by doing so); another physician gets 404', async () => {
    const patient = await createTestPatient(t);
    const parent = await filedNote(patient.mrn);
    expect((await amend(otherPhysician, parent.documentId, 'addendum', 'Not mine.')).statusCode).toBe(404);
    expect((await amend(transcriptionist, parent.documentId, 'addendum', 'Not my role.')).statusCode).toBe(
      403,
    );

    const res = await amend(physician, parent.documentId, 'addendum', 'Patient called: symptoms resolved.');
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.ctx.db.document.findUniqueOrThrow({ where: { id: res.json().id } });
    expect(row).toMatchObject({
      signedById: physician.id,
      finalizedById: physician.id,
      filedById: physician.id,
      status: 'FILED',
    });
    const { fhir } = await exports(row.id);
    expect(fhir.authenticator?.identifier?.value).toBe(physician.username);
  });

  it('refuses to amend a note that is not filed yet, and bad input', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(
      t,
      { physician, transcriptionist },
      { mrn: patient.mrn, text: 'Not filed yet.' },
    );
    const res = await amend(records, documentId, 'addendum', 'Early.');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_STATE');
    const filed = await filedNote(patient.mrn);
    expect((await amend(records, filed.documentId, 'addendum', '   \n ')).statusCode).toBe(400);
    expect(
      (
        await records.request({
          method: 'POST',
          url: `/api/v1/documents/${filed.documentId}/amend`,
          payload: { kind: 'edit', text: 'x' },
        })
      ).statusCode,
    ).toBe(400);
    expect(await t.ctx.db.document.count({ where: { parentId: filed.documentId } })).toBe(0);
  });
});

describe("the patient's filed notes", () => {
  it('lists every filed version and addendum, newest first, to whoever may open them by id; audited', async () => {
    const patient = await createTestPatient(t);
    const first = await filedNote(patient.mrn, 'First visit.');
    const addendum = (await amend(records, first.documentId, 'addendum', 'Addendum to first visit.')).json();
    const replacement = (
      await amend(records, first.documentId, 'replacement', 'First visit, corrected.')
    ).json();
    // Finalized but not filed: not part of the record yet.
    const { documentId: pending } = await finalizedDocument(
      t,
      { physician, transcriptionist },
      { mrn: patient.mrn, text: 'Pending.' },
    );

    // The same rule as GET /documents/:id: another physician and a transcriptionist with no claim on
    // this patient see none of it.
    for (const outsider of [otherPhysician, transcriptionist]) {
      const res = await outsider.request({ method: 'GET', url: `/api/v1/patients/${patient.mrn}/documents` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items).toEqual([]);
    }
    for (const reader of [physician, records]) {
      const res = await reader.request({ method: 'GET', url: `/api/v1/patients/${patient.mrn}/documents` });
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as Array<{
        id: string;
        status: string;
        kind: string;
        text: string;
        parentId: string | null;
      }>;
      expect(items.map((d) => d.id)).toEqual([replacement.id, addendum.id, first.documentId]);
      expect(items.map((d) => d.status)).toEqual(['FILED', 'FILED', 'SUPERSEDED']);
      expect(items.map((d) => d.kind)).toEqual(['REPLACEMENT', 'ADDENDUM', 'ORIGINAL']);
      expect(items[2]?.text).toBe('First visit.');
      expect(items.some((d) => d.id === pending)).toBe(false);
    }
    const paged = (
      await records.request({ method: 'GET', url: `/api/v1/patients/${patient.mrn}/documents?limit=2` })
    ).json();
    expect(paged.items).toHaveLength(2);
    const rest = (
      await records.request({
        method: 'GET',
        url: `/api/v1/patients/${patient.mrn}/documents?limit=2&cursor=${paged.nextCursor}`,
      })
    ).json();
    expect(rest.items.map((d: { id: string }) => d.id)).toEqual([first.documentId]);
    expect(rest.nextCursor).toBeNull();

    const audits = await t.ctx.db.auditEvent.findMany({
      where: { action: 'patient.documents_viewed', patientMrn: patient.mrn },
    });
    expect(audits.map((a) => a.username)).toEqual(
      expect.arrayContaining([physician.username, otherPhysician.username, records.username]),
    );
    expect(
      (await records.request({ method: 'GET', url: '/api/v1/patients/NO-SUCH-MRN/documents' })).statusCode,
    ).toBe(404);
    const admin = await signedInUser(t, 'ADMIN');
    expect(
      (await admin.request({ method: 'GET', url: `/api/v1/patients/${patient.mrn}/documents` })).statusCode,
    ).toBe(403);
  });
});
