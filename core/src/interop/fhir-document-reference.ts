import { createHash } from 'node:crypto';
import type {
  CodeableConcept,
  DocumentReference,
  DocumentReferenceRelatesTo,
  Identifier,
  Practitioner,
  Reference,
} from '@medplum/fhirtypes';
import {
  type DocumentSnapshot,
  type PersonRef,
  personDisplayName,
  signer,
  snapshotCompletion,
} from './document-snapshot';

export const US_CORE_DOCUMENT_REFERENCE =
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference';
export const LOINC_SYSTEM = 'http://loinc.org';
export const US_CORE_DOCREF_CATEGORY_SYSTEM =
  'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category';
export const IHE_FORMAT_CODE_SYSTEM = 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

export interface FhirIdentifierSystems {
  documentNumber: string;
  mrn: string;
  user: string;
  organization: string;
  visitNumber: string;
}

// URNs rather than http URLs: nothing has to be hosted, and a site that has OIDs or its own
// namespace overrides them through the options.
export const DEFAULT_FHIR_SYSTEMS: FhirIdentifierSystems = {
  documentNumber: 'urn:dictum:document-number',
  mrn: 'urn:dictum:mrn',
  user: 'urn:dictum:user',
  organization: 'urn:dictum:organization',
  visitNumber: 'urn:dictum:visit-number',
};

export interface DocumentReferenceOptions {
  /**
   * FHIR base the receiver resolves references against. When set, the parent document is referenced
   * absolutely; without it, relatively (`DocumentReference/<id>`), which resolves on any server that
   * keeps our ids.
   */
  baseUrl?: string;
  /**
   * Public URL prefix of this API (e.g. https://dictum.example.org). When set, a second content entry
   * points at the printable PDF (`/api/v1/documents/<id>/pdf`).
   */
  apiUrl?: string;
  systems?: Partial<FhirIdentifierSystems>;
}

/**
 * Builds an R4 DocumentReference conforming to US Core DocumentReference. People, the patient, the
 * encounter and the custodian are logical references (identifier + display): Dictum is not a FHIR
 * server, so there are no resources of ours for a literal reference to resolve to.
 */
export function buildDocumentReference(
  doc: DocumentSnapshot,
  options: DocumentReferenceOptions = {},
): DocumentReference {
  const systems = { ...DEFAULT_FHIR_SYSTEMS, ...options.systems };
  const bytes = Buffer.from(doc.text, 'utf8');
  const signedBy = signer(doc);

  const resource: DocumentReference = {
    resourceType: 'DocumentReference',
    id: doc.id,
    meta: { profile: [US_CORE_DOCUMENT_REFERENCE] },
    // XDS-style: masterIdentifier is the version-specific unique id, identifier the business number.
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${doc.id}` },
    identifier: [{ use: 'official', system: systems.documentNumber, value: doc.number }],
    status: doc.status === 'SUPERSEDED' ? 'superseded' : 'current',
    docStatus: fhirDocStatus(doc),
    type: noteType(doc),
    category: [
      {
        coding: [{ system: US_CORE_DOCREF_CATEGORY_SYSTEM, code: 'clinical-note', display: 'Clinical Note' }],
        text: 'Clinical Note',
      },
    ],
    subject: {
      type: 'Patient',
      identifier: {
        use: 'usual',
        type: { coding: [{ system: V2_0203, code: 'MR', display: 'Medical record number' }], text: 'MRN' },
        system: systems.mrn,
        value: doc.patient.mrn,
      },
      ...display(doc.patient.name),
    },
    date: doc.createdAt.toISOString(),
    author: [practitioner(doc.author, systems)],
    custodian: {
      type: 'Organization',
      identifier: { system: systems.organization, value: doc.organization.id },
      ...display(doc.organization.name),
    },
    description: doc.workType.name,
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en-US',
          data: bytes.toString('base64'),
          size: bytes.length,
          // FHIR R4 defines Attachment.hash as the base64 SHA-1 of the data.
          hash: createHash('sha1').update(bytes).digest('base64'),
          title: doc.workType.name,
          creation: doc.finalizedAt.toISOString(),
        },
        format: {
          system: IHE_FORMAT_CODE_SYSTEM,
          code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient',
          display: 'mimeType Sufficient',
        },
      },
    ],
    context: {
      period: { start: (doc.encounter?.date ?? doc.dictatedAt).toISOString() },
    },
  };

  if (signedBy) resource.authenticator = practitioner(signedBy, systems);

  if (options.apiUrl) {
    resource.content.push({
      attachment: {
        contentType: 'application/pdf',
        language: 'en-US',
        url: `${options.apiUrl.replace(/\/+$/, '')}/api/v1/documents/${encodeURIComponent(doc.id)}/pdf`,
        title: doc.workType.name,
        creation: doc.finalizedAt.toISOString(),
      },
      format: {
        system: IHE_FORMAT_CODE_SYSTEM,
        code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient',
        display: 'mimeType Sufficient',
      },
    });
  }

  if (doc.encounter && resource.context) {
    resource.context.encounter = [
      {
        type: 'Encounter',
        identifier: {
          type: { coding: [{ system: V2_0203, code: 'VN', display: 'Visit number' }] },
          system: systems.visitNumber,
          value: doc.encounter.visitNumber,
        },
        display: doc.encounter.location
          ? `Visit ${doc.encounter.visitNumber}, ${doc.encounter.location}`
          : `Visit ${doc.encounter.visitNumber}`,
      },
    ];
  }

  const relation = relatesTo(doc, systems, options.baseUrl);
  if (relation) resource.relatesTo = [relation];

  return resource;
}

/**
 * From the facts of this version (document/completion-status.ts): preliminary while the author's
 * required signature is pending; final when signed or when none is required; amended for an
 * amendment that is complete.
 */
export function fhirDocStatus(doc: DocumentSnapshot): 'preliminary' | 'final' | 'amended' {
  return snapshotCompletion(doc).docStatus;
}

function noteType(doc: DocumentSnapshot): CodeableConcept {
  return {
    coding: [{ system: LOINC_SYSTEM, code: doc.workType.loinc, display: doc.workType.name }],
    text: doc.workType.name,
  };
}

function practitioner(person: PersonRef, systems: FhirIdentifierSystems): Reference<Practitioner> {
  const identifier: Identifier = { system: systems.user, value: person.username };
  return { type: 'Practitioner', identifier, display: personDisplayName(person) };
}

function relatesTo(
  doc: DocumentSnapshot,
  systems: FhirIdentifierSystems,
  baseUrl: string | undefined,
): DocumentReferenceRelatesTo | undefined {
  if (!doc.parent || doc.kind === 'ORIGINAL') return undefined;
  const path = `DocumentReference/${doc.parent.id}`;
  return {
    code: doc.kind === 'ADDENDUM' ? 'appends' : 'replaces',
    target: {
      reference: baseUrl ? `${baseUrl.replace(/\/+$/, '')}/${path}` : path,
      type: 'DocumentReference',
      identifier: { system: systems.documentNumber, value: doc.parent.number },
      display: `Document ${doc.parent.number}`,
    },
  };
}

// FHIR forbids empty strings; a blank name is left out rather than sent as "".
function display(value: string): { display?: string } {
  return value.trim() === '' ? {} : { display: value };
}
