import { createHash } from 'node:crypto';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { DocumentSnapshot } from '../../capability/interop/document-snapshot';
import {
  buildDocumentReference,
  DEFAULT_FHIR_SYSTEMS,
  type FhirIdentifierSystems,
} from '../../capability/interop/fhir-document-reference';
import {
  accepted,
  type MessageLogEntry,
  networkErrorCode,
  type ReceiverIssue,
  retry,
  type SendResult,
  stop,
} from './send-result';
import { SmartAuthError, smartAccessToken } from './smart-backend-auth';
import type { FhirTargetConfig } from './target-config';

export interface FhirDeliveryInput {
  target: FhirTargetConfig;
  doc: DocumentSnapshot;
  event: 'PUBLISH' | 'SUPERSEDE' | 'RETRACT';
  /** `DocumentReference/<server id>` of this document, from its PUBLISH delivery (status updates). */
  ownRemote?: string | null;
  /** `DocumentReference/<server id>` of the parent (addendum, replacement), from its delivery. */
  parentRemote?: string | null;
  /** Renders the printable PDF (only when the target sends one). */
  renderPdf: () => Promise<Buffer>;
}

interface HttpAnswer {
  status: number;
  location: string | null;
  retryAfter: string | null;
  text: string;
  json: unknown;
}

const FHIR_JSON = 'application/fhir+json';

/**
 * FHIR delivery as EHRs take it: the patient resolved on the server (Patient?identifier=<system>|<mrn>)
 * and referenced literally with its identifier, the encounter likewise when found, the PDF inline or
 * as a Binary, then `POST DocumentReference` with `If-None-Exist: identifier=<system>|<number>`, so
 * a repeat creates nothing new (or update-as-create PUT where configured). The server's id from
 * `Location` becomes the payloadId, used for later relatesTo and status updates (SUPERSEDE,
 * RETRACT: PUT to that id with status superseded / entered-in-error).
 */
export async function deliverToFhir(input: FhirDeliveryInput): Promise<SendResult> {
  const { target, doc, event } = input;
  const systems: FhirIdentifierSystems = {
    ...DEFAULT_FHIR_SYSTEMS,
    ...(target.patientIdentifierSystem ? { mrn: target.patientIdentifierSystem } : {}),
    ...(target.visitIdentifierSystem ? { visitNumber: target.visitIdentifierSystem } : {}),
    ...(target.documentIdentifierSystem ? { documentNumber: target.documentIdentifierSystem } : {}),
  };
  const http = new FhirHttp(target);
  try {
    // 1. The patient, by the server's own search.
    const patientQuery = `Patient?identifier=${encodeURIComponent(`${systems.mrn}|${doc.patient.mrn}`)}`;
    const patientAnswer = await http.request('GET', patientQuery);
    const patientLog: MessageLogEntry = {
      controlId: `GET ${patientQuery}`.slice(0, 200),
      request: `GET ${patientQuery}`,
      response: patientAnswer.text.slice(0, 20_000),
      ackCode: String(patientAnswer.status),
    };
    if (patientAnswer.status !== 200) return classifyHttp(patientAnswer, patientLog, 'FHIR_PATIENT_SEARCH');
    const patients = bundleResources(patientAnswer.json, 'Patient');
    if (patients.length === 0)
      return stop(
        'FHIR_PATIENT_NOT_FOUND',
        'no Patient on the FHIR server has this MRN identifier',
        patientLog,
      );
    if (patients.length > 1)
      return stop(
        'FHIR_PATIENT_AMBIGUOUS',
        `${patients.length} Patients on the FHIR server share this MRN`,
        patientLog,
      );
    const patientRef = `Patient/${patients[0]?.id}`;

    // 2. The encounter when the server has it; a logical reference otherwise (it is optional).
    let encounterRef: string | undefined;
    if (doc.encounter && target.resolveEncounter) {
      const q = `Encounter?identifier=${encodeURIComponent(`${systems.visitNumber}|${doc.encounter.visitNumber}`)}&patient=${encodeURIComponent(patientRef)}`;
      const answer = await http.request('GET', q);
      if (answer.status >= 500 || answer.status === 429)
        return classifyHttp(answer, { request: `GET ${q}` }, 'FHIR_ENCOUNTER_SEARCH');
      const encounters = answer.status === 200 ? bundleResources(answer.json, 'Encounter') : [];
      if (encounters.length === 1) encounterRef = `Encounter/${encounters[0]?.id}`;
    }

    // 3. The PDF (content of the first version only; status updates keep the text content).
    let pdf: { data: Buffer } | { url: string; size: number; hash: string } | undefined;
    if (event === 'PUBLISH' && target.pdf !== 'none') {
      const bytes = await input.renderPdf();
      if (target.pdf === 'inline') pdf = { data: bytes };
      else {
        const binary = {
          resourceType: 'Binary',
          contentType: 'application/pdf',
          data: bytes.toString('base64'),
        };
        const answer = await http.request('POST', 'Binary', binary);
        if (answer.status < 200 || answer.status >= 300)
          return classifyHttp(
            answer,
            { request: 'POST Binary', response: answer.text.slice(0, 20_000) },
            'FHIR_BINARY',
          );
        const id = serverId(answer, 'Binary');
        if (!id) return retry('FHIR_BINARY_NO_ID', 'the FHIR server did not say where it stored the Binary');
        pdf = { url: id, size: bytes.length, hash: createHash('sha1').update(bytes).digest('base64') };
      }
    }

    // 4. The DocumentReference.
    if (event !== 'PUBLISH' && !input.ownRemote)
      return stop(
        'FHIR_NO_SERVER_ID',
        'the document was never created on this FHIR server; nothing to update',
      );
    const ownId = event === 'PUBLISH' ? undefined : input.ownRemote?.split('/')[1];
    const resource = buildDocumentReference(doc, {
      systems,
      references: {
        patient: patientRef,
        ...(encounterRef ? { encounter: encounterRef } : {}),
        ...(input.parentRemote ? { parent: input.parentRemote } : {}),
      },
      ...(pdf ? { pdf } : {}),
      event,
      ...(ownId ? { id: ownId } : {}),
    });
    const number = `${systems.documentNumber}|${doc.number}`;
    let method: 'POST' | 'PUT';
    let path: string;
    let headers: Record<string, string> = {};
    if (event === 'PUBLISH' && target.create === 'post') {
      delete (resource as { id?: string }).id;
      method = 'POST';
      path = 'DocumentReference';
      headers = { 'if-none-exist': `identifier=${encodeURIComponent(number)}` };
    } else {
      method = 'PUT';
      path = `DocumentReference/${encodeURIComponent(resource.id as string)}`;
    }
    const body = JSON.stringify(resource);
    const answer = await http.request(method, path, resource, headers);
    const log: MessageLogEntry = {
      controlId: `${method} ${path}`,
      request: `${method} ${path}\n${headers['if-none-exist'] ? `If-None-Exist: ${headers['if-none-exist']}\n` : ''}\n${body}`,
      response: `HTTP ${answer.status}${answer.location ? `\nLocation: ${answer.location}` : ''}\n\n${answer.text.slice(0, 20_000)}`,
      ackCode: String(answer.status),
    };
    if (answer.status >= 200 && answer.status < 300) {
      const id =
        serverId(answer, 'DocumentReference') ??
        (method === 'PUT' ? `DocumentReference/${resource.id}` : undefined);
      if (!id)
        return retry('FHIR_NO_ID', 'the FHIR server did not say where it stored the DocumentReference', log);
      return accepted(id, log);
    }
    if (answer.status === 412)
      return stop(
        'FHIR_DUPLICATE_MATCH',
        'HTTP 412: several DocumentReferences already carry this number',
        withIssues(log, answer),
      );
    return classifyHttp(answer, log, 'FHIR');
  } catch (error) {
    if (error instanceof SmartAuthError)
      return error.transient
        ? retry(error.code, 'the SMART token endpoint is unavailable')
        : stop(error.code, 'the SMART token endpoint refused our client assertion');
    const code = networkErrorCode(error);
    if (code === 'TimeoutError' || code === 'AbortError')
      return retry('FHIR_TIMEOUT', `FHIR server did not answer within ${target.requestTimeoutMs} ms`);
    return retry('FHIR_UNREACHABLE', `FHIR server unreachable (${code})`);
  }
}

/** 408/425/429/5xx: try later (honouring Retry-After); 3xx and other 4xx: stop, with the issue codes. */
function classifyHttp(answer: HttpAnswer, log: MessageLogEntry, prefix: string): SendResult {
  const entry = withIssues({ ...log, ackCode: String(answer.status) }, answer);
  const codes = (entry.errors ?? []).map((e) => e.code).filter((c) => /^[a-z-]{1,40}$/.test(c));
  const detail = codes.length ? ` (${[...new Set(codes)].join(', ')})` : '';
  const status = answer.status;
  if (status === 408 || status === 425 || status === 429 || status >= 500)
    return retry(
      `${prefix}_UNAVAILABLE`,
      `FHIR server answered HTTP ${status}${detail}`,
      entry,
      retryAfterMs(answer.retryAfter),
    );
  if (status >= 300 && status < 400)
    return stop(
      `${prefix}_REDIRECT`,
      `FHIR server answered HTTP ${status} (redirect); check the target's base URL`,
      entry,
    );
  if (status === 401 || status === 403)
    return stop(`${prefix}_UNAUTHORIZED`, `FHIR server answered HTTP ${status}${detail}`, entry);
  return stop(`${prefix}_REJECTED`, `FHIR server rejected the request: HTTP ${status}${detail}`, entry);
}

/** The OperationOutcome's issues as coded (code, severity, expression), never only free text. */
function withIssues(log: MessageLogEntry, answer: HttpAnswer): MessageLogEntry {
  const outcome = answer.json as OperationOutcome | undefined;
  if (outcome?.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return log;
  const errors: ReceiverIssue[] = outcome.issue.map((i) => ({
    code: i.code,
    severity: i.severity,
    ...(i.expression?.length ? { location: i.expression.join(',') } : {}),
    ...(i.details?.coding?.[0]?.code ? { text: i.details.coding[0].code } : {}),
    ...(i.diagnostics || i.details?.text ? { text: i.details?.text ?? i.diagnostics } : {}),
  }));
  return { ...log, errors };
}

function bundleResources(json: unknown, type: string): Resource[] {
  const bundle = json as Bundle | undefined;
  if (bundle?.resourceType !== 'Bundle') return [];
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== 'include' && e.search?.mode !== 'outcome')
    .map((e) => e.resource)
    .filter((r): r is Resource => r?.resourceType === type && typeof r.id === 'string');
}

/** `Location: <base>/DocumentReference/<id>/_history/<v>` (or the body's id) → `DocumentReference/<id>`. */
function serverId(answer: HttpAnswer, type: string): string | undefined {
  const re = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/|$|\\?)`);
  const fromLocation = answer.location ? re.exec(answer.location)?.[1] : undefined;
  if (fromLocation) return `${type}/${fromLocation}`;
  const body = answer.json as { resourceType?: string; id?: unknown } | undefined;
  if (body?.resourceType === type && typeof body.id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(body.id))
    return `${type}/${body.id}`;
  return undefined;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10 * 60_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - Date.now()), 10 * 60_000);
}

/**
 * HTTP to one FHIR target with its authentication: none, a static bearer token, or a SMART Backend
 * Services token (refreshed once on a 401). Redirects are not followed: the token must not follow one.
 */
class FhirHttp {
  constructor(private readonly target: FhirTargetConfig) {}

  async request(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    let answer = await this.once(method, path, body, headers, false);
    if (answer.status === 401 && this.target.auth.type === 'smart')
      answer = await this.once(method, path, body, headers, true);
    return answer;
  }

  private async once(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    refresh: boolean,
  ): Promise<HttpAnswer> {
    const auth = this.target.auth;
    let token: string | undefined;
    if (auth.type === 'bearer') token = auth.token;
    else if (auth.type === 'smart')
      token = await smartAccessToken(this.target.name, auth, {
        timeoutMs: this.target.requestTimeoutMs,
        refresh,
      });
    const response = await fetch(`${this.target.baseUrl.replace(/\/+$/, '')}/${path}`, {
      method,
      headers: {
        accept: FHIR_JSON,
        ...(body !== undefined ? { 'content-type': `${FHIR_JSON}; charset=utf-8` } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.target.requestTimeoutMs),
    });
    const text = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      location: response.headers.get('location') ?? response.headers.get('content-location'),
      retryAfter: response.headers.get('retry-after'),
      text,
      json,
    };
  }
}
