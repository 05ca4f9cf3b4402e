// Completion status from the facts of one document version (SPEC §2, HL7 table 0271, FHIR
// DocumentReference.docStatus): the one mapping the HL7 builder, the FHIR builder, the PDF, the API
// and the web app all show. It never looks at the lifecycle status or guesses from the work type
// alone: only the author's signature on this version makes a note legally authenticated.

export interface CompletionFacts {
  kind: 'ORIGINAL' | 'ADDENDUM' | 'REPLACEMENT';
  /** Whether the work type needs the author's signature. */
  requiresSignature: boolean;
  authorId: string;
  /** Who signed this version (null while unsigned). */
  signedById?: string | null;
  signedAt?: Date | string | null;
}

export interface Completion {
  /** The author (the legally responsible physician) signed this version. */
  signedByAuthor: boolean;
  /** The work type needs the author's signature and it is not there yet. */
  signaturePending: boolean;
  /** HL7 v2 TXA-17 (table 0271): LA only when signed by the author, else DO (documented). */
  hl7: 'LA' | 'DO';
  /** FHIR DocumentReference.docStatus. */
  docStatus: 'preliminary' | 'final' | 'amended';
  /** Plain words for people (PDF status line, web): never claims a signature that is not there. */
  label: string;
  /** The PDF's signature block line when unsigned; signed notes name the signer and time instead. */
  unsignedLine: string | null;
}

export function documentCompletion(facts: CompletionFacts): Completion {
  const signedByAuthor = !!facts.signedAt && !!facts.signedById && facts.signedById === facts.authorId;
  const signaturePending = !signedByAuthor && facts.requiresSignature;
  const label = signedByAuthor
    ? 'signed by the author (legally authenticated)'
    : signaturePending
      ? "not signed: awaiting the author's signature"
      : 'not signed (this note type needs no signature)';
  return {
    signedByAuthor,
    signaturePending,
    hl7: signedByAuthor ? 'LA' : 'DO',
    docStatus: signaturePending ? 'preliminary' : facts.kind === 'ORIGINAL' ? 'final' : 'amended',
    label,
    unsignedLine: signedByAuthor ? null : label[0]!.toUpperCase() + label.slice(1),
  };
}
