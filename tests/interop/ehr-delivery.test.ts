import { randomUUID } from 'node:crypto';
import { NPI_SYSTEM } from '@dictum/core/domain/identity/npi';
import type { DocumentReference, Practitioner } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  finalizedDocument,
  type MllpListener,
  NOTE_ROLES,
  startMllpListener,
} from '../records/records-support';
import { createTestPatient, randomNpi, signedInUser } from '../support/api-harness';
import { type FhirTestServer, startFhirTestServer } from '../support/fhir-test-server';
import { useRunningWorkers, useTestApp } from '../support/use-test-app';

// The acceptance of the EHR interfaces from outside: a real MLLP listener, an HTTP FHIR server with
// conditional create and Patient search, a SMART token endpoint; the real worker (BullMQ) delivers.

const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';
// A valid NPI of this run's own: the NPI is unique, so a fixed one is taken from this file's
// physician by any other run of it against the shared database (then TXA-5 has no NPI).
const NPI = randomNpi();
const suffix = randomUUID().slice(0, 6);
const names = { epic: `epic-${suffix}`, smart: `smart-${suffix}`, mdm: `mdm-${suffix}` };

let epic: FhirTestServer;
let smartServer: FhirTestServer;
let mllp: MllpListener;
let targets: object[];

beforeAll(async () => {
  [epic, smartServer, mllp] = await Promise.all([
    startFhirTestServer(),
    startFhirTestServer({ autoPatients: true }),
    startMllpListener(),
  ]);
  const smart = await smartServer.enableSmart('ES384');
  const [host, port] = mllp.target.split(':');
  targets = [
    {
      name: names.epic,
      kind: 'fhir',
      baseUrl: epic.baseUrl,
      auth: { type: 'bearer', token: epic.token },
      patientIdentifierSystem: MRN_SYSTEM,
      pdf: 'binary',
    },
    {
      name: names.smart,
      kind: 'fhir',
      baseUrl: smartServer.baseUrl,
      auth: {
        type: 'smart',
        tokenUrl: smartServer.tokenUrl,
        clientId: smart.clientId,
        privateKey: smart.privateKeyPem,
        alg: 'ES384',
        keyId: smart.keyId,
      },
    },
    {
      name: names.mdm,
      kind: 'mllp',
      host,
      port: Number(port),
      receivingApplication: 'EPIC',
      receivingFacility: 'MAIN',
      processingId: 'T',
      documentTypes: { PROGRESS: 'PN^Progress note^L' },
      timeZone: 'America/New_York',
      ackTimeoutMs: 3000,
    },
  ];
});
afterAll(async () => {
  await Promise.all([epic?.close(), smartServer?.close(), mllp?.close()]);
});
const { t, admin, records, physician, transcriptionist } = useTestApp({
  env: () => ({
    ASR_ENGINE: 'none',
    EHR_TARGETS: JSON.stringify({ targets }),
    DELIVERY_BACKOFF_FIRST_MS: '100',
    DELIVERY_BACKOFF_MAX_MS: '400',
  }),
  users: { admin: 'ADMIN', ...NOTE_ROLES },
});
useRunningWorkers(t);

beforeAll(async () => {
  // Provider identity, as an admin sets it.
  const patch = await admin.request({
    method: 'PATCH',
    url: `/api/v1/admin/users/${physician.id}`,
    payload: { displayName: 'Alice Carter', credentials: 'MD', npi: NPI },
  });
  if (patch.statusCode !== 200) {
    // The NPI is unique: a previous run's physician may hold it; release it and retry.
    await t.ctx.db.user.updateMany({ where: { npi: NPI, NOT: { id: physician.id } }, data: { npi: null } });
    const again = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${physician.id}`,
      payload: { displayName: 'Alice Carter', credentials: 'MD', npi: NPI },
    });
    expect(again.statusCode, again.body).toBe(200);
  }
});

async function fileNote(mrn: string, text: string, encounter?: string) {
  const { documentId } = await finalizedDocument(
    t,
    { physician, transcriptionist },
    { mrn, text, encounter },
  );
  const filed = await records.request({ method: 'POST', url: `/api/v1/documents/${documentId}/file` });
  expect(filed.statusCode, filed.body).toBe(200);
  const { number } = await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } });
  return { documentId, number };
}

function delivery(documentId: string, target: string) {
  return t.ctx.db.delivery.findFirstOrThrow({ where: { documentId, target, event: 'PUBLISH' } });
}

async function until(documentId: string, target: string, status: string, timeoutMs = 20_000) {
  return eventually(async () => {
    const d = await delivery(documentId, target);
    expect(d.status, d.lastError ?? '').toBe(status);
    return d;
  }, timeoutMs);
}

const txa = (raw: string) =>
  raw
    .split('\r')
    .find((s) => s.startsWith('TXA|'))
    ?.split('|') ?? [];
const messageFor = (number: string) => mllp.raw.findIndex((m) => txa(m)[12] === number);

describe('EHR delivery', () => {
  it("FHIR: POST with If-None-Exist, subject from the server's Patient search, author by NPI, PDF as Binary; a resend creates nothing new", async () => {
    const patient = await createTestPatient(t);
    const serverPatientId = epic.addPatient(MRN_SYSTEM, patient.mrn);
    const { documentId, number } = await fileNote(patient.mrn, 'HPI:\nCough for 3 days.');
    const sent = await until(documentId, names.epic, 'SENT');

    const writes = epic.writes.filter((w) => w.resource.identifier?.[0]?.value === number);
    expect(writes).toHaveLength(1);
    const [w] = writes;
    expect(w?.method).toBe('POST');
    expect(w?.path).toBe('/fhir/DocumentReference');
    expect(w?.ifNoneExist).toBe(`identifier=${encodeURIComponent(`urn:dictum:document-number|${number}`)}`);
    expect(w?.authorization).toBe(`Bearer ${epic.token}`);
    expect(epic.requests).toContain(
      `GET /fhir/Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|${patient.mrn}`)}`,
    );
    const doc = w?.resource as DocumentReference;
    expect(doc.subject).toMatchObject({
      reference: `Patient/${serverPatientId}`,
      identifier: { system: MRN_SYSTEM, value: patient.mrn },
    });
    const authorRef = doc.author?.[0];
    expect(authorRef?.identifier).toEqual({ system: NPI_SYSTEM, value: NPI });
    const contained = doc.contained?.find((c) => `#${c.id}` === authorRef?.reference) as Practitioner;
    expect(contained.identifier).toContainEqual({ use: 'official', system: NPI_SYSTEM, value: NPI });
    expect(contained.name?.[0]).toMatchObject({ family: 'Carter', given: ['Alice'], suffix: ['MD'] });
    // The PDF is a Binary on the server, never a link needing a Dictum sign-in.
    const pdf = doc.content.find((c) => c.attachment.contentType === 'application/pdf')?.attachment;
    expect(pdf?.url).toMatch(/^Binary\/bin-/);
    expect(epic.binaries.get(pdf?.url?.split('/')[1] ?? '')?.data.length).toBeGreaterThan(100);
    expect(doc.content.every((c) => !c.attachment.url?.includes('/api/v1/'))).toBe(true);
    // The server's id is remembered.
    const stored = [...epic.documents.values()].filter((d) => d.identifier?.[0]?.value === number);
    expect(stored).toHaveLength(1);
    expect(sent.payloadId).toBe(`DocumentReference/${stored[0]?.id}`);

    // Resend (records staff): the same conditional create, answered 200 with the existing resource.
    const resend = await records.request({ method: 'POST', url: `/api/v1/deliveries/${sent.id}/resend` });
    expect(resend.statusCode, resend.body).toBe(202);
    await eventually(async () => {
      expect(
        epic.writes.filter((x) => x.resource.identifier?.[0]?.value === number).map((x) => x.status),
      ).toEqual([201, 200]);
    });
    await until(documentId, names.epic, 'SENT');
    expect([...epic.documents.values()].filter((d) => d.identifier?.[0]?.value === number)).toHaveLength(1);
    const log = await records.request({
      method: 'GET',
      url: `/api/v1/delivery-targets/${names.epic}/messages?limit=200`,
    });
    expect(log.statusCode).toBe(200);
    const mine = log.json().items.filter((m: { deliveryId: string }) => m.deliveryId === sent.id);
    expect(mine.map((m: { ackCode: string }) => m.ackCode)).toEqual(['200', '201']);

    // SMART Backend Services: one token for both requests of the delivery, ES384-signed assertion.
    await until(documentId, names.smart, 'SENT');
    expect(smartServer.tokensIssued).toBeGreaterThanOrEqual(1);
    const smartWrite = smartServer.writes.find((x) => x.resource.identifier?.[0]?.value === number);
    expect(smartWrite?.authorization).toMatch(/^Bearer [0-9a-f-]{36}$/);
    // The server drops the token: the next delivery gets a 401, fetches a new token once, succeeds.
    const issued = smartServer.tokensIssued;
    smartServer.revokeTokens();
    const again = await fileNote(patient.mrn, 'Second note after the token was revoked.');
    await until(again.documentId, names.smart, 'SENT');
    expect(smartServer.tokensIssued).toBe(issued + 1);
  });

  it('FHIR: the encounter the server knows is referenced literally, with its visit number', async () => {
    const patient = await createTestPatient(t);
    const patientId = epic.addPatient(MRN_SYSTEM, patient.mrn);
    const visit = `V-${randomUUID().slice(0, 6)}`;
    const encounterId = epic.addEncounter('urn:dictum:visit-number', visit, patientId);
    const { documentId, number } = await fileNote(patient.mrn, 'Note of a visit.', visit);
    await until(documentId, names.epic, 'SENT');
    const doc = epic.writes.find((w) => w.resource.identifier?.[0]?.value === number)?.resource;
    expect(doc?.context?.encounter?.[0]).toMatchObject({
      reference: `Encounter/${encounterId}`,
      identifier: { system: 'urn:dictum:visit-number', value: visit },
    });
  });

  it('FHIR: a patient the server does not know is a clear error; OperationOutcome issue codes are kept', async () => {
    const unknown = await createTestPatient(t);
    const a = await fileNote(unknown.mrn, 'Note for a patient the EHR lacks.');
    const failed = await until(a.documentId, names.epic, 'FAILED');
    expect(failed.lastError).toMatch(/^FHIR_PATIENT_NOT_FOUND/);
    expect(epic.writes.some((w) => w.resource.identifier?.[0]?.value === a.number)).toBe(false);

    const known = await createTestPatient(t);
    epic.addPatient(MRN_SYSTEM, known.mrn);
    epic.failWith = {
      status: 422,
      issues: [{ code: 'business-rule', diagnostics: 'free text from the server' }],
    };
    try {
      const b = await fileNote(known.mrn, 'Note the EHR refuses.');
      const refused = await until(b.documentId, names.epic, 'FAILED');
      expect(refused.lastError).toBe(
        'FHIR_REJECTED: FHIR server rejected the request: HTTP 422 (business-rule)',
      );
      const [logRow] = await t.ctx.db.deliveryMessage.findMany({ where: { deliveryId: refused.id } });
      expect(logRow?.errors).toEqual([
        { code: 'business-rule', severity: 'error', text: 'free text from the server' },
      ]);
    } finally {
      epic.failWith = null;
    }
  });

  it('provider identity: an admin edits name, credentials, NPI (Luhn with 80840) and role; a bad NPI is refused', async () => {
    const user = await signedInUser(t, 'TRANSCRIPTIONIST');
    const bad = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${user.id}`,
      payload: { npi: '1234567890' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await t.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).npi).toBeNull();
    const ok = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${user.id}`,
      payload: { displayName: 'Bob Dale', credentials: 'NP', role: 'PHYSICIAN', disabled: true },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      displayName: 'Bob Dale',
      credentials: 'NP',
      role: 'PHYSICIAN',
      disabled: true,
    });
  });

  it("MDM^T02 carries the author's NPI in TXA-5, the interface settings, and ends every segment with CR", async () => {
    const patient = await createTestPatient(t);
    epic.addPatient(MRN_SYSTEM, patient.mrn);
    const { documentId, number } = await fileNote(patient.mrn, 'Line one.\nLine two | with pipe.');
    await until(documentId, names.mdm, 'SENT');
    const raw = mllp.raw[messageFor(number)] as string;
    expect(raw.endsWith('\r')).toBe(true);
    expect(
      raw
        .split('\r')
        .slice(0, -1)
        .every((s) => /^[A-Z][A-Z0-9]{2}\|/.test(s)),
    ).toBe(true);
    const msh = raw.split('\r')[0]?.split('|') ?? [];
    expect([msh[4], msh[5], msh[8], msh[10]]).toEqual(['EPIC', 'MAIN', 'MDM^T02^MDM_T02', 'T']);
    expect(msh[6]).toMatch(/^\d{14}-0[45]00$/); // New York time with its offset
    const fields = txa(raw);
    expect(fields[2]).toBe('PN^Progress note^L');
    expect(fields[5]).toBe(`${NPI}^Carter^Alice^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI^^^^^^^^MD`);
    const pv1 =
      raw
        .split('\r')
        .find((s) => s.startsWith('PV1|'))
        ?.split('|') ?? [];
    expect(pv1[7]).toContain(NPI);
  });

  it('AR for a while: the parent is retried and the addendum waits for its AA; AE stops and shows as needing attention', async () => {
    const patient = await createTestPatient(t);
    epic.addPatient(MRN_SYSTEM, patient.mrn);
    mllp.ackCode = 'AR';
    let parent: { documentId: string; number: string };
    let addendum: { id: string; number: string };
    try {
      parent = await fileNote(patient.mrn, 'Parent note.');
      await eventually(async () => {
        const d = await delivery(parent.documentId, names.mdm);
        expect(d.attempts).toBeGreaterThanOrEqual(3);
        expect(d.status).toBe('PENDING');
        expect(d.lastError).toMatch(/^MLLP_NACK_AR/);
      });
      const amended = await records.request({
        method: 'POST',
        url: `/api/v1/documents/${parent.documentId}/amend`,
        payload: { kind: 'addendum', text: 'ADDENDUM:\nX-ray clear.', reason: 'Result came back' },
      });
      expect(amended.statusCode, amended.body).toBe(201);
      addendum = amended.json() as { id: string; number: string };
      // While the parent keeps getting AR, the addendum is never put on the wire.
      await new Promise((r) => setTimeout(r, 1500));
      expect(messageFor(addendum.number)).toBe(-1);
      expect((await delivery(addendum.id, names.mdm)).attempts).toBe(0);
    } finally {
      mllp.ackCode = 'AA';
    }
    await until(parent.documentId, names.mdm, 'SENT');
    await until(addendum.id, names.mdm, 'SENT');
    const lastParent = mllp.raw.map((m) => txa(m)[12]).lastIndexOf(parent.number);
    expect(messageFor(addendum.number)).toBeGreaterThan(lastParent);
    const log = await t.ctx.db.deliveryMessage.findMany({
      where: { delivery: { documentId: parent.documentId, target: names.mdm } },
      orderBy: { sentAt: 'asc' },
    });
    expect(log.at(-1)?.ackCode).toBe('AA');
    expect(log.slice(0, -1).every((m) => m.ackCode === 'AR' && m.outcome === 'RETRY')).toBe(true);

    // AE: the content is wrong; retrying would not help. Stopped at once, with MSA-3 and ERR kept.
    mllp.ackCode = 'AE';
    mllp.errSegment = 'ERR||TXA^1^5|103^Table value not found^HL70357|E';
    try {
      const bad = await fileNote(patient.mrn, 'A note the receiver refuses.');
      const stopped = await until(bad.documentId, names.mdm, 'FAILED');
      expect(stopped.attempts).toBe(1);
      expect(stopped.lastError).toBe('MLLP_NACK_AE: HL7 receiver answered AE, error 103');
      const [row] = await t.ctx.db.deliveryMessage.findMany({ where: { deliveryId: stopped.id } });
      expect(row?.errors).toEqual([
        { code: '103', text: 'Table value not found', severity: 'E', location: 'TXA-1-5' },
      ]);
      const status = await records.request({ method: 'GET', url: '/api/v1/delivery-targets' });
      const mdm = status.json().items.find((i: { name: string }) => i.name === names.mdm);
      expect(mdm).toMatchObject({ kind: 'mllp', alert: true });
      expect(mdm.needsAttention).toBeGreaterThanOrEqual(1);
      // The same alert on the operations dashboard and in the metrics.
      const dashboard = await admin.request({ method: 'GET', url: '/api/v1/admin/dashboard' });
      expect(dashboard.statusCode, dashboard.body).toBe(200);
      expect(dashboard.json().deliveryTargets).toContainEqual(
        expect.objectContaining({ name: names.mdm, alert: true }),
      );
      const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toContain(`dictum_delivery_target_alert{target="${names.mdm}"} 1`);

      // AR with a header error (ERR-3 200, unsupported message type) also stops.
      mllp.ackCode = 'AR';
      mllp.errSegment = 'ERR||MSH^1^9|200^Unsupported message type^HL70357|E';
      const header = await fileNote(patient.mrn, 'A note of a type the receiver does not take.');
      const headerStopped = await until(header.documentId, names.mdm, 'FAILED');
      expect(headerStopped.lastError).toMatch(/^MLLP_NACK_AR_HEADER/);
    } finally {
      mllp.ackCode = 'AA';
      mllp.errSegment = null;
    }
  });
});
