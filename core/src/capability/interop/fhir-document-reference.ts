import { createHash } from 'node:crypto';
import type {
  CodeableConcept,
  DocumentReference,
  DocumentReferenceContent,
  DocumentReferenceRelatesTo,
  Identifier,
  Practitioner,
  Reference,
} from '@medplum/fhirtypes';
import { NPI_SYSTEM } from '../../domain/identity/npi';
import {
  type DocumentSnapshot,
  type PersonRef,
  personDisplayName,
  signer,
  snapshotCompletion,
  splitPersonName,
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
  /**
   * Literal references on the receiving server (`Patient/123`), found by searching it for our
   * identifiers; each is sent together with the identifier. Without them, logical references only.
   */
  references?: { patient?: string; encounter?: string; parent?: string };
  /** The printable PDF: inline bytes (with size and hash) or a reference to a Binary on the server. */
  pdf?: { data: Buffer } | { url: string; size: number; hash: string };
  /** The resource's own id on the receiving server (status updates are PUT to it). */
  id?: string;
  /** SUPERSEDE: the note was replaced (status superseded); RETRACT: withdrawn (entered-in-error). */
  event?: 'PUBLISH' | 'SUPERSEDE' | 'RETRACT';
}

/** IHE format code for content whose MIME type says all there is to know (plain text, PDF). */
const MIME_TYPE_SUFFICIENT = {
  system: IHE_FORMAT_CODE_SYSTEM,
  code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient',
  display: 'mimeType Sufficient',
};

/** One content entry: the bytes inline (with size and hash) or where to fetch them. */
function contentEntry(
  doc: DocumentSnapshot,
  contentType: string,
  body: { data: Buffer } | { url: string; size?: number; hash?: string },
): DocumentReferenceContent {
  return {
    attachment: {
      contentType,
      language: 'en-US',
      ...('data' in body
        ? {
            data: body.data.toString('base64'),
            size: body.data.length,
            // FHIR R4 defines Attachment.hash as the base64 SHA-1 of the data.
            hash: createHash('sha1').update(body.data).digest('base64'),
          }
        : body),
      title: doc.workType.name,
      creation: doc.finalizedAt.toISOString(),
    },
    format: { ...MIME_TYPE_SUFFICIENT },
  };
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
  const contained: Practitioner[] = [];
  const practitioner = (person: PersonRef) => practitionerRef(person, systems, contained);
  const signedBy = signer(doc);

  const resource: DocumentReference = {
    resourceType: 'DocumentReference',
    id: options.id ?? doc.id,
    meta: { profile: [US_CORE_DOCUMENT_REFERENCE] },
    // XDS-style: masterIdentifier is the version-specific unique id, identifier the business number.
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${doc.id}` },
    identifier: [{ use: 'official', system: systems.documentNumber, value: doc.number }],
    status:
      options.event === 'RETRACT'
        ? 'entered-in-error'
        : options.event === 'SUPERSEDE' || doc.status === 'SUPERSEDED'
          ? 'superseded'
          : 'current',
    docStatus: fhirDocStatus(doc),
    type: noteType(doc),
    category: [
      {
        coding: [{ system: US_CORE_DOCREF_CATEGORY_SYSTEM, code: 'clinical-note', display: 'Clinical Note' }],
        text: 'Clinical Note',
      },
    ],
    subject: {
      ...(options.references?.patient ? { reference: options.references.patient } : {}),
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
    author: [practitioner(doc.author)],
    custodian: {
      type: 'Organization',
      identifier: { system: systems.organization, value: doc.organization.id },
      ...display(doc.organization.name),
    },
    description: doc.workType.name,
    content: [contentEntry(doc, 'text/plain; charset=utf-8', { data: Buffer.from(doc.text, 'utf8') })],
    context: {
      period: { start: (doc.encounter?.date ?? doc.dictatedAt).toISOString() },
    },
  };

  if (signedBy) resource.authenticator = practitioner(signedBy);

  if (options.pdf) resource.content.push(contentEntry(doc, 'application/pdf', options.pdf));
  else if (options.apiUrl) {
    const url = `${options.apiUrl.replace(/\/+$/, '')}/api/v1/documents/${encodeURIComponent(doc.id)}/pdf`;
    resource.content.push(contentEntry(doc, 'application/pdf', { url }));
  }

  if (doc.encounter && resource.context) {
    resource.context.encounter = [
      {
        ...(options.references?.encounter ? { reference: options.references.encounter } : {}),
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

  const relation = relatesTo(doc, systems, options.baseUrl, options.references?.parent);
  if (relation) resource.relatesTo = [relation];
  if (contained.length) resource.contained = contained;

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

/**
 * A person as a contained Practitioner (the NPI, the receivers' provider ids and our username as
 * identifiers; the real name with credentials as suffix) referenced locally, so a receiver matches
 * the author on the NPI without Dictum hosting Practitioner resources. One contained resource per
 * person, shared when the author also authenticated.
 */
function practitionerRef(
  person: PersonRef,
  systems: FhirIdentifierSystems,
  contained: Practitioner[],
): Reference<Practitioner> {
  const id = `practitioner-${person.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 32)}`;
  if (!contained.some((p) => p.id === id)) {
    const identifier: Identifier[] = [];
    if (person.npi) identifier.push({ use: 'official', system: NPI_SYSTEM, value: person.npi });
    for (const other of person.ehrProviderIds ?? [])
      identifier.push({ system: other.system, value: other.value });
    identifier.push({ use: 'secondary', system: systems.user, value: person.username });
    const displayName = personDisplayName(person);
    const name = splitPersonName(displayName);
    contained.push({
      resourceType: 'Practitioner',
      id,
      identifier,
      name: [
        {
          text: person.credentials ? `${displayName}, ${person.credentials}` : displayName,
          ...(name.family ? { family: name.family } : {}),
          ...(name.given.length ? { given: name.given } : {}),
          ...(person.credentials ? { suffix: [person.credentials] } : {}),
        },
      ],
    });
  }
  const identifier: Identifier = person.npi
    ? { system: NPI_SYSTEM, value: person.npi }
    : { system: systems.user, value: person.username };
  return { reference: `#${id}`, type: 'Practitioner', identifier, display: personDisplayName(person) };
}

function relatesTo(
  doc: DocumentSnapshot,
  systems: FhirIdentifierSystems,
  baseUrl: string | undefined,
  serverReference: string | undefined,
): DocumentReferenceRelatesTo | undefined {
  if (!doc.parent || doc.kind === 'ORIGINAL') return undefined;
  // The parent's id on the receiving server when known (it assigned it on create), else ours.
  const path = serverReference ?? `DocumentReference/${doc.parent.id}`;
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
