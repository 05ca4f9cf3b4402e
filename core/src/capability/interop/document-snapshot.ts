import { type Completion, documentCompletion } from '../../domain/document/completion-status';
import type { DocumentStatus } from '../../domain/document/state-machine';

// The interop builders (FHIR, HL7 v2, PDF) take this plain snapshot instead of Prisma rows, so they
// stay pure, testable without a database, and unaffected by how the API loads the document.

export type DocumentKind = 'ORIGINAL' | 'ADDENDUM' | 'REPLACEMENT';
export type { DocumentStatus };
export type PatientSex = 'male' | 'female' | 'other' | 'unknown';

export interface PersonRef {
  id: string;
  username: string;
  displayName?: string | null;
  /** MD, DO, NP...: HL7 XCN-21 and FHIR HumanName.suffix. */
  credentials?: string | null;
  /** US NPI, the identifier EHRs match providers on. */
  npi?: string | null;
  /** The receivers' own ids for this provider. */
  ehrProviderIds?: { system: string; value: string }[] | null;
}

export interface DocumentSnapshot {
  id: string;
  /** Unique document number: HL7 TXA-12 and the FHIR identifier. */
  number: string;
  kind: DocumentKind;
  version: number;
  status: DocumentStatus;
  /** The finalized note as stored (LF line breaks). */
  text: string;
  createdAt: Date;
  finalizedAt: Date;
  signedAt?: Date | null;
  filedAt?: Date | null;
  /** The document an addendum appends to or a replacement replaces. */
  parent?: { id: string; number: string } | null;
  patient: {
    id: string;
    mrn: string;
    /** One display string, "Given Family" or "Family, Given". */
    name: string;
    /** YYYY-MM-DD */
    birthDate: string;
    sex: PatientSex;
  };
  encounter?: { id: string; visitNumber: string; date?: Date | null; location?: string | null } | null;
  /** requiresSignature: whether the work type needs the author's signature (absent: taken as yes). */
  workType: { code: string; name: string; loinc: string; requiresSignature?: boolean };
  author: PersonRef;
  transcriptionist?: PersonRef | null;
  /** Who signed this version; when absent on a signed document the author is taken to have signed. */
  authenticator?: PersonRef | null;
  dictatedAt: Date;
  organization: { id: string; name: string };
}

export interface PersonName {
  family: string;
  given: string[];
}

/**
 * Splits a one-string display name into family and given names for HL7 XPN/XCN and FHIR HumanName.
 * "Family, Given Middle" is unambiguous; otherwise the last word is taken as the family name
 * ("Given Middle Family"), which is wrong for some naming cultures, so the full string is always
 * sent alongside (FHIR HumanName.text, display strings) wherever the format allows.
 */
export function splitPersonName(name: string): PersonName {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const comma = trimmed.indexOf(',');
  if (comma >= 0) {
    const family = trimmed.slice(0, comma).trim();
    const given = trimmed
      .slice(comma + 1)
      .split(' ')
      .filter((part) => part !== '');
    return { family, given };
  }
  const words = trimmed.split(' ').filter((part) => part !== '');
  if (words.length <= 1) return { family: words[0] ?? '', given: [] };
  return { family: words[words.length - 1] ?? '', given: words.slice(0, -1) };
}

export function personDisplayName(person: PersonRef): string {
  const display = person.displayName?.trim();
  return display ? display : person.username;
}

/** Completion status of this version from its facts (SPEC §2): see document/completion-status.ts. */
export function snapshotCompletion(doc: DocumentSnapshot): Completion {
  return documentCompletion({
    kind: doc.kind,
    requiresSignature: doc.workType.requiresSignature ?? true,
    authorId: doc.author.id,
    signedById: doc.signedAt ? (doc.authenticator ?? doc.author).id : null,
    signedAt: doc.signedAt ?? null,
  });
}

/** The author, when they signed this version (legal authentication); null while unsigned. */
export function signer(doc: DocumentSnapshot): PersonRef | null {
  return snapshotCompletion(doc).signedByAuthor ? doc.author : null;
}
