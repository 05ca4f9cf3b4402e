import {
  adminUserSchema,
  apiTokenSchema,
  auditPage,
  auditQuery,
  issuedTokenSchema,
} from '@dictum/contracts/admin';
import { loginBody, loginReply, meReply } from '@dictum/contracts/auth';
import { dictationPage, dictationSchema, listQuery, transcriptSchema } from '@dictum/contracts/dictations';
import { amendBody, documentDetailSchema, documentPage } from '@dictum/contracts/documents';
import { errorSchema } from '@dictum/contracts/errors';
import { createPatientBody, patientSchema } from '@dictum/contracts/patients';
import { dashboardSchema, statsSchema } from '@dictum/contracts/reports';
import { workTypeListSchema } from '@dictum/contracts/work-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestApp } from '../support/use-test-app';

// GET /api/v1/openapi.json is generated from the routes' zod schemas, which are the contract's
// (contracts/src). It keeps every SPEC §4 path, and its shapes are the contract's, field for field.

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
};
type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
};

/** Every property path of a JSON schema (`.a.b`, `.items[].c`, `.map{}.d`), whatever the nullability style. */
function propertyPaths(s: JsonSchema | boolean | undefined, at = ''): string[] {
  if (!s || typeof s !== 'object') return [];
  const out: string[] = [];
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
    out.push(...propertyPaths(alt, at));
  out.push(...propertyPaths(s.items, `${at}[]`));
  out.push(...propertyPaths(s.additionalProperties, `${at}{}`));
  for (const [key, value] of Object.entries(s.properties ?? {}))
    out.push(`${at}.${key}`, ...propertyPaths(value, `${at}.${key}`));
  return [...new Set(out)].sort();
}
const contractPaths = (schema: z.ZodType, io: 'input' | 'output') =>
  propertyPaths(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema);
/** The contract's paths, never none: a shape the document lacks would compare equal to an empty one. */
const expectedPaths = (schema: z.ZodType, io: 'input' | 'output') => {
  const found = contractPaths(schema, io);
  expect(found).not.toEqual([]);
  return found;
};

const { t } = useTestApp();
let paths: Record<string, Record<string, Operation>>;
const operation = (method: string, path: string) => {
  const op = paths[`/api/v1${path}`]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
  return op;
};
const responsePaths = (method: string, path: string, status: number) =>
  propertyPaths(operation(method, path).responses[status]?.content?.['application/json']?.schema);
const bodyPaths = (method: string, path: string) =>
  propertyPaths(operation(method, path).requestBody?.content['application/json']?.schema);
const queryNames = (method: string, path: string) =>
  (operation(method, path).parameters ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => p.name)
    .sort();

beforeAll(async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  paths = res.json().paths;
});

describe('the OpenAPI document', () => {
  it('names every SPEC §4 path with its method', () => {
    const spec: [string, string][] = [
      ['post', '/auth/login'],
      ['get', '/auth/csrf'],
      ['post', '/auth/logout'],
      ['get', '/auth/me'],
      ['get', '/auth/oidc/login'],
      ['get', '/auth/oidc/callback'],
      ['post', '/auth/oidc/backchannel-logout'],
      ['patch', '/admin/users/{id}'],
      ['get', '/admin/audit'],
      ['post', '/patients'],
      ['get', '/patients/{mrn}'],
      ['get', '/work-types'],
      ['post', '/work-types'],
      ['post', '/dictations'],
      ['get', '/dictations'],
      ['get', '/dictations/{id}'],
      ['get', '/dictations/{id}/audio'],
      ['get', '/dictations/{id}/transcript'],
      ['put', '/dictations/{id}/transcript'],
      ['get', '/dictations/{id}/transcript/versions'],
      ['post', '/dictations/{id}/claim'],
      ['post', '/dictations/{id}/release'],
      ['post', '/dictations/{id}/finalize'],
      ['post', '/dictations/{id}/sign'],
      ['get', '/worklist'],
      ['get', '/documents'],
      ['get', '/documents/{id}'],
      ['post', '/documents/{id}/file'],
      ['get', '/patients/{mrn}/documents'],
      ['get', '/documents/{id}/fhir'],
      ['get', '/documents/{id}/hl7'],
      ['get', '/documents/{id}/pdf'],
      ['post', '/documents/{id}/amend'],
      ['post', '/documents/{id}/sign'],
      ['post', '/documents/{id}/return'],
      ['post', '/documents/{id}/retract'],
    ];
    const missing = spec.filter(([method, path]) => !paths[`/api/v1${path}`]?.[method]);
    expect(missing).toEqual([]);
  });

  it('answers with the contract schemas', () => {
    expect(responsePaths('get', '/dictations/{id}', 200)).toEqual(expectedPaths(dictationSchema, 'output'));
    expect(responsePaths('get', '/dictations', 200)).toEqual(expectedPaths(dictationPage, 'output'));
    expect(responsePaths('get', '/worklist', 200)).toEqual(expectedPaths(dictationPage, 'output'));
    expect(responsePaths('get', '/dictations/{id}/transcript', 200)).toEqual(
      expectedPaths(transcriptSchema, 'output'),
    );
    expect(responsePaths('get', '/documents', 200)).toEqual(expectedPaths(documentPage, 'output'));
    expect(responsePaths('get', '/documents/{id}', 200)).toEqual(
      expectedPaths(documentDetailSchema, 'output'),
    );
    expect(responsePaths('get', '/work-types', 200)).toEqual(expectedPaths(workTypeListSchema, 'output'));
    expect(responsePaths('post', '/patients', 201)).toEqual(expectedPaths(patientSchema, 'output'));
    expect(responsePaths('post', '/auth/login', 200)).toEqual(expectedPaths(loginReply, 'output'));
    expect(responsePaths('get', '/auth/me', 200)).toEqual(expectedPaths(meReply, 'output'));
    expect(responsePaths('get', '/worklist/stats', 200)).toEqual(expectedPaths(statsSchema, 'output'));
    expect(responsePaths('get', '/admin/dashboard', 200)).toEqual(expectedPaths(dashboardSchema, 'output'));
    expect(responsePaths('get', '/admin/audit', 200)).toEqual(expectedPaths(auditPage, 'output'));
    expect(responsePaths('get', '/admin/users', 200)).toEqual(
      expectedPaths(z.array(adminUserSchema), 'output'),
    );
    expect(responsePaths('patch', '/admin/users/{id}', 200)).toEqual(
      expectedPaths(adminUserSchema, 'output'),
    );
    expect(responsePaths('get', '/admin/tokens', 200)).toEqual(
      expectedPaths(z.array(apiTokenSchema), 'output'),
    );
    expect(responsePaths('post', '/admin/users/{id}/tokens', 201)).toEqual(
      expectedPaths(issuedTokenSchema, 'output'),
    );
    expect(expectedPaths(dictationSchema, 'output')).toContain('.patient.mrn');
    // The filing rules' refusals are documented as the one error shape (SPEC §4).
    const errorPaths = expectedPaths(errorSchema, 'output');
    expect(responsePaths('post', '/documents/{id}/file', 409)).toEqual(errorPaths);
    expect(responsePaths('patch', '/documents/{id}', 422)).toEqual(errorPaths);
    expect(responsePaths('post', '/documents/{id}/amend', 409)).toEqual(errorPaths);
  });

  it('takes the contract request bodies and queries', () => {
    expect(bodyPaths('post', '/auth/login')).toEqual(expectedPaths(loginBody, 'input'));
    expect(bodyPaths('post', '/patients')).toEqual(expectedPaths(createPatientBody, 'input'));
    expect(bodyPaths('post', '/documents/{id}/amend')).toEqual(expectedPaths(amendBody, 'input'));
    expect(queryNames('get', '/dictations')).toEqual(Object.keys(listQuery.shape).sort());
    expect(queryNames('get', '/admin/audit')).toEqual(Object.keys(auditQuery.shape).sort());
    expect(queryNames('get', '/dictations')).not.toEqual([]);
    expect(queryNames('get', '/admin/audit')).not.toEqual([]);
  });
});
