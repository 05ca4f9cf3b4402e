import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type net from 'node:net';
import type { DocumentReference, Identifier, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { createLocalJWKSet, exportJWK, exportPKCS8, generateKeyPair, type JWK, jwtVerify } from 'jose';

// A FHIR R4 server on loopback that behaves as EHR FHIR endpoints do where Dictum meets them:
// Patient and Encounter search by identifier, conditional create (POST with If-None-Exist), update
// (PUT), Binary, an OperationOutcome on refusal; bearer tokens, either static or issued by its
// SMART Backend Services token endpoint (client_credentials with a signed JWT assertion, checked
// with jose against the client's public key).

export interface FhirWrite {
  method: 'POST' | 'PUT';
  path: string;
  ifNoneExist?: string;
  authorization?: string;
  contentType?: string;
  resource: DocumentReference;
  /** The status answered. */
  status: number;
  /** Validation errors found by the test's validator (a 400 when any). */
  errors: string[];
}

export interface FhirTestServer {
  baseUrl: string;
  tokenUrl: string;
  /** The static bearer token accepted (unless SMART is on). */
  token: string;
  /** Every POST/PUT of a DocumentReference, in order. */
  writes: FhirWrite[];
  /** Every request line, in order (`GET /fhir/Patient?identifier=...`). */
  requests: string[];
  /** The stored DocumentReferences by server id. */
  documents: Map<string, DocumentReference>;
  binaries: Map<string, { contentType: string; data: string }>;
  /** Registers a patient the server knows; returns its server id. */
  addPatient(system: string, mrn: string): string;
  addEncounter(system: string, visitNumber: string, patientId: string): string;
  /** Answer the next DocumentReference writes with this status (and OperationOutcome issues). */
  failWith: { status: number; issues: { code: string; severity?: string; diagnostics?: string }[] } | null;
  /** SMART: accept only tokens from the token endpoint; the PKCS#8 key the client signs with. */
  enableSmart(alg: 'RS384' | 'ES384'): Promise<{ clientId: string; privateKeyPem: string; keyId: string }>;
  tokensIssued: number;
  /** Makes the current access token invalid (the next request gets 401). */
  revokeTokens(): void;
  close(): Promise<void>;
}

export async function startFhirTestServer(
  options: { validate?: (r: DocumentReference) => string[]; autoPatients?: boolean } = {},
): Promise<FhirTestServer> {
  const patients: { id: string; identifier: Identifier[] }[] = [];
  const encounters: { id: string; identifier: Identifier[]; patient: string }[] = [];
  let smart: { clientId: string; jwks: ReturnType<typeof createLocalJWKSet> } | null = null;
  const validTokens = new Set<string>();
  const server: FhirTestServer = {
    baseUrl: '',
    tokenUrl: '',
    token: `static-${randomUUID()}`,
    writes: [],
    requests: [],
    documents: new Map(),
    binaries: new Map(),
    failWith: null,
    tokensIssued: 0,
    addPatient(system, mrn) {
      const id = `pat-${randomUUID().slice(0, 8)}`;
      patients.push({ id, identifier: [{ system, value: mrn }] });
      return id;
    },
    addEncounter(system, visitNumber, patient) {
      const id = `enc-${randomUUID().slice(0, 8)}`;
      encounters.push({ id, identifier: [{ system, value: visitNumber }], patient });
      return id;
    },
    async enableSmart(alg) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      const keyId = `k-${randomUUID().slice(0, 6)}`;
      const jwk: JWK = { ...(await exportJWK(publicKey)), kid: keyId, alg };
      const clientId = `dictum-${randomUUID().slice(0, 6)}`;
      smart = { clientId, jwks: createLocalJWKSet({ keys: [jwk] }) };
      return { clientId, keyId, privateKeyPem: await exportPKCS8(privateKey) };
    },
    revokeTokens() {
      validTokens.clear();
    },
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };

  const authorized = (req: IncomingMessage) => {
    const auth = req.headers.authorization ?? '';
    if (smart) return validTokens.has(auth.replace(/^Bearer /, ''));
    return auth === `Bearer ${server.token}`;
  };

  const http: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    server.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, resource?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
      res.end(resource === undefined ? '' : JSON.stringify(resource));
    };
    const outcome = (code: string, diagnostics: string): OperationOutcome => ({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: code as 'invalid', diagnostics }],
    });

    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (!smart) return send(400, { error: 'unsupported' });
      try {
        if (form.get('grant_type') !== 'client_credentials') throw new Error('grant');
        if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
          throw new Error('assertion type');
        const { payload } = await jwtVerify(form.get('client_assertion') ?? '', smart.jwks, {
          issuer: smart.clientId,
          subject: smart.clientId,
          audience: server.tokenUrl,
          algorithms: ['RS384', 'ES384'],
        });
        if (!payload.jti || !payload.exp) throw new Error('jti/exp');
      } catch {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'invalid_client' }));
      }
      const token = randomUUID();
      validTokens.add(token);
      server.tokensIssued++;
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({
          access_token: token,
          token_type: 'bearer',
          expires_in: 300,
          scope: form.get('scope'),
        }),
      );
    }

    if (!url.pathname.startsWith('/fhir/')) return send(404);
    if (!authorized(req)) return send(401, outcome('login', 'no valid bearer token'));
    const path = url.pathname.slice('/fhir/'.length);

    if (req.method === 'GET' && (path === 'Patient' || path === 'Encounter')) {
      const [system, value] = (url.searchParams.get('identifier') ?? '').split('|');
      const matches = (ids: Identifier[]) => ids.some((i) => i.system === system && i.value === value);
      let found: Resource[];
      if (path === 'Patient') {
        let list = patients.filter((p) => matches(p.identifier));
        if (!list.length && options.autoPatients && system && value)
          list = [
            {
              id: `auto-${value.replace(/[^A-Za-z0-9-]/g, '')}`.slice(0, 64),
              identifier: [{ system, value }],
            },
          ];
        found = list.map((p) => ({ resourceType: 'Patient', id: p.id, identifier: p.identifier }));
      } else {
        const patient = url.searchParams.get('patient');
        found = encounters
          .filter((e) => matches(e.identifier) && (!patient || patient === `Patient/${e.patient}`))
          .map(
            (e) =>
              ({
                resourceType: 'Encounter',
                id: e.id,
                identifier: e.identifier,
                status: 'finished',
                class: { code: 'AMB' },
                subject: { reference: `Patient/${e.patient}` },
              }) as Resource,
          );
      }
      return send(200, {
        resourceType: 'Bundle',
        type: 'searchset',
        total: found.length,
        entry: found.map((r) => ({ resource: r, search: { mode: 'match' } })),
      });
    }

    if (req.method === 'POST' && path === 'Binary') {
      const binary = JSON.parse(body) as { contentType: string; data: string };
      const id = `bin-${randomUUID().slice(0, 8)}`;
      server.binaries.set(id, binary);
      return send(
        201,
        { resourceType: 'Binary', id, contentType: binary.contentType },
        { location: `${server.baseUrl}/Binary/${id}/_history/1` },
      );
    }

    const put = /^DocumentReference\/([A-Za-z0-9\-.]{1,64})$/.exec(path);
    if ((req.method === 'POST' && path === 'DocumentReference') || (req.method === 'PUT' && put)) {
      const resource = JSON.parse(body) as DocumentReference;
      const errors = options.validate?.(resource) ?? [];
      const write: FhirWrite = {
        method: req.method as 'POST' | 'PUT',
        path: url.pathname,
        ifNoneExist: req.headers['if-none-exist'] as string | undefined,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        resource,
        status: 0,
        errors,
      };
      server.writes.push(write);
      if (errors.length) {
        write.status = 400;
        return send(400, outcome('invalid', errors.join('; ')));
      }
      if (server.failWith) {
        write.status = server.failWith.status;
        return send(server.failWith.status, {
          resourceType: 'OperationOutcome',
          issue: server.failWith.issues.map((i) => ({ severity: i.severity ?? 'error', ...i })),
        });
      }
      if (req.method === 'POST') {
        // Conditional create (FHIR R4 §3.1.0.8.1): no match → create; one → 200 with it; several → 412.
        const condition = write.ifNoneExist ? new URLSearchParams(write.ifNoneExist).get('identifier') : null;
        if (condition) {
          const [system, value] = condition.split('|');
          const existing = [...server.documents.values()].filter((d) =>
            (d.identifier ?? []).some((i) => i.system === system && i.value === value),
          );
          if (existing.length > 1) {
            write.status = 412;
            return send(412, outcome('duplicate', 'several matches'));
          }
          if (existing.length === 1) {
            write.status = 200;
            return send(200, existing[0]);
          }
        }
        const id = `doc-${randomUUID().slice(0, 8)}`;
        const stored = { ...resource, id };
        server.documents.set(id, stored);
        write.status = 201;
        return send(201, stored, { location: `${server.baseUrl}/DocumentReference/${id}/_history/1` });
      }
      const id = put?.[1] as string;
      const created = !server.documents.has(id);
      server.documents.set(id, { ...resource, id });
      write.status = created ? 201 : 200;
      return send(
        write.status,
        { ...resource, id },
        { location: `${server.baseUrl}/DocumentReference/${id}/_history/2` },
      );
    }
    return send(404, outcome('not-supported', 'not supported here'));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as net.AddressInfo).port;
  server.baseUrl = `http://127.0.0.1:${port}/fhir`;
  server.tokenUrl = `http://127.0.0.1:${port}/token`;
  return server;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
