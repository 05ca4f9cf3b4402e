import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseMdmText, unescapeHl7 } from '@dictum/core/capability/interop/hl7-mdm';
import type { DocumentReference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPatient } from '../support/api-harness';
import { useRunningWorkers, useTestApp } from '../support/use-test-app';
import {
  attachmentText,
  deliveringTo,
  eventually,
  type FhirReceiver,
  finalizedDocument,
  type MllpListener,
  NOTE_ROLES,
  startReceivers,
} from './records-support';

// End to end: filing queues one delivery per configured target and the real worker (BullMQ, the
// job registry) hands the note to a FHIR server, an HL7 MLLP listener and a drop folder.

const NOTE =
  'HPI:\nCough | fever ^ chills ~ 3 days \\ no travel & no contacts.\n\nPLAN:\nAmoxicillin 500 mg.';

let fhir: FhirReceiver;
let mllp: MllpListener;
let folder: string;
beforeAll(async () => {
  ({ fhir, mllp } = await startReceivers());
  folder = mkdtempSync(path.join(tmpdir(), 'dictum-drop-'));
});
afterAll(async () => {
  await Promise.all([fhir?.close(), mllp?.close()]);
  if (folder) rmSync(folder, { recursive: true, force: true });
});
const { t, records, physician, transcriptionist } = useTestApp({
  env: () => deliveringTo(fhir, mllp, folder),
  users: NOTE_ROLES,
});
useRunningWorkers(t);

async function deliveriesOf(id: string) {
  const res = await records.request({ method: 'GET', url: `/api/v1/documents/${id}` });
  expect(res.statusCode).toBe(200);
  return res.json().deliveries as Array<{
    target: string;
    status: string;
    attempts: number;
    lastError: string | null;
    deliveredAt: string | null;
  }>;
}

async function allSent(id: string) {
  return eventually(async () => {
    const deliveries = await deliveriesOf(id);
    expect(deliveries.map((d) => [d.target, d.status])).toEqual([
      ['fhir', 'SENT'],
      ['folder', 'SENT'],
      ['mllp', 'SENT'],
    ]);
    return deliveries;
  });
}

function mllpMessageFor(number: string) {
  return mllp.messages.find((m) => m.getSegment('TXA')?.getField(12).toString() === number);
}

describe('EHR delivery', () => {
  it('delivers a filed note to FHIR, MLLP and the drop folder, then an addendum the same way', async () => {
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(
      t,
      { physician, transcriptionist },
      { mrn: patient.mrn, text: NOTE },
    );
    const filed = await records.request({ method: 'POST', url: `/api/v1/documents/${documentId}/file` });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(
      filed.json().deliveries.map((d: { target: string; status: string }) => [d.target, d.status]),
    ).toEqual([
      ['fhir', 'PENDING'],
      ['folder', 'PENDING'],
      ['mllp', 'PENDING'],
    ]);

    const sent = await allSent(documentId);
    expect(sent.every((d) => d.attempts === 1 && d.lastError === null && d.deliveredAt)).toBe(true);
    const { number } = await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } });

    // FHIR: one conditional create (POST, If-None-Exist on the number), with the bearer token, valid,
    // carrying exactly the note.
    const puts = fhir.puts.filter((p) => p.resource.id === documentId);
    expect(puts).toHaveLength(1);
    const put = puts[0]!;
    expect([put.method, put.path, put.status]).toEqual(['POST', '/fhir/DocumentReference', 201]);
    expect(put.ifNoneExist).toBe(`identifier=${encodeURIComponent(`urn:dictum:document-number|${number}`)}`);
    expect(put.authorization).toBe(`Bearer ${fhir.token}`);
    expect(put.contentType).toMatch(/^application\/fhir\+json/);
    expect(put.errors).toEqual([]);
    expect(attachmentText(put.resource)).toBe(NOTE);
    expect(put.resource.type?.coding?.[0]?.code).toBe('11506-3');
    expect(put.resource.subject?.identifier?.value).toBe(patient.mrn);

    // HL7: MDM^T02, PID-3 = MRN, TXA-12 = number, OBX-5 = the note, delimiters and all.
    const message = mllpMessageFor(number);
    expect(message).toBeDefined();
    expect(message!.header.getField(9).toString()).toBe('MDM^T02^MDM_T02');
    expect(message!.getSegment('PID')?.getComponent(3, 1)).toBe(patient.mrn);
    expect(
      message!
        .getAllSegments('OBX')
        .map((o) => unescapeHl7(o.getField(5).toString()))
        .join('\n'),
    ).toBe(NOTE);

    // Drop folder: both files complete, no temporary files left behind.
    const hl7File = readFileSync(path.join(folder, `${number}.hl7`), 'utf8');
    expect(parseMdmText(hl7File)).toBe(NOTE);
    const jsonFile = JSON.parse(
      readFileSync(path.join(folder, `${number}.json`), 'utf8'),
    ) as DocumentReference;
    expect(attachmentText(jsonFile)).toBe(NOTE);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const rows = await t.ctx.db.delivery.findMany({ where: { documentId }, orderBy: { target: 'asc' } });
    expect(rows.map((r) => r.payloadId)).toEqual([
      // The id the FHIR server assigned (from Location), used in later references and updates.
      `DocumentReference/${[...fhir.documents.keys()].find((k) => fhir.documents.get(k)?.identifier?.[0]?.value === number)}`,
      `${number}.hl7`,
      message!.header.getField(10).toString(),
    ]);
    const audits = await t.ctx.db.auditEvent.findMany({
      where: { objectId: documentId, action: 'document.delivered' },
    });
    expect(audits).toHaveLength(3);
    expect(audits.every((a) => a.username === 'system:delivery' && a.patientMrn === patient.mrn)).toBe(true);

    // An addendum is delivered too: FHIR relatesTo appends → the first, MDM^T06 naming the parent.
    const addendumText = 'ADDENDUM:\nChest X-ray clear.';
    const amended = await records.request({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/amend`,
      payload: { kind: 'addendum', text: addendumText, reason: 'Result came back' },
    });
    expect(amended.statusCode, amended.body).toBe(201);
    const addendum = amended.json() as { id: string; number: string };
    await allSent(addendum.id);
    const addendumPut = fhir.puts.find((p) => p.resource.id === addendum.id)!;
    expect(addendumPut.errors).toEqual([]);
    // The parent is referenced by the id the server gave it.
    const { payloadId } = await t.ctx.db.delivery.findFirstOrThrow({ where: { documentId, target: 'fhir' } });
    expect(payloadId).toMatch(/^DocumentReference\/doc-/);
    expect(addendumPut.resource.relatesTo?.[0]).toMatchObject({
      code: 'appends',
      target: { reference: payloadId },
    });
    expect(attachmentText(addendumPut.resource)).toBe(addendumText);
    const t06 = mllpMessageFor(addendum.number)!;
    expect(t06.header.getField(9).toString()).toBe('MDM^T06^MDM_T02');
    expect(t06.getSegment('TXA')?.getField(13).toString()).toBe(number);
    expect(existsSync(path.join(folder, `${addendum.number}.hl7`))).toBe(true);

    // The original was delivered once: a SENT delivery is never sent again.
    expect(fhir.puts.filter((p) => p.resource.id === documentId)).toHaveLength(1);
  });
});
