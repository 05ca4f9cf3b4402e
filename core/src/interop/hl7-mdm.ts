import {
  type DocumentSnapshot,
  type PersonRef,
  personDisplayName,
  signer,
  snapshotCompletion,
  splitPersonName,
} from './document-snapshot';

export interface MdmOptions {
  sendingApp: string;
  sendingFacility: string;
  receivingApp: string;
  receivingFacility: string;
  /** MSH-10; HL7 2.5.1 allows 20 characters and the receiver echoes it in its ACK. */
  controlId: string;
  /** MSH-7 and EVN-2. */
  now: Date;
  /** MSH-11: P production (default), T training, D debugging. */
  processingId?: 'P' | 'T' | 'D';
  /** PID-3.4; defaults to the sending facility, which is where our MRNs come from. */
  mrnAssigningAuthority?: string;
}

const SEGMENT_SEPARATOR = '\r';

/**
 * MDM trigger per document kind: content-bearing events only, because the receiver needs the text.
 * Edits (T08) are not used: a filed note is available for patient care, and the standard then asks
 * for an addendum (T06) or a replacement (T10).
 */
export function mdmTrigger(doc: Pick<DocumentSnapshot, 'kind'>): 'T02' | 'T06' | 'T10' {
  if (doc.kind === 'ADDENDUM') return 'T06';
  if (doc.kind === 'REPLACEMENT') return 'T10';
  return 'T02';
}

/**
 * Builds an HL7 v2.5.1 MDM message (ER7, segments joined by CR, no trailing CR) carrying the note as
 * one OBX (TX) per line.
 *
 * Line-break policy: CRLF and lone CR are first normalised to LF (the app stores LF-only text, so
 * stored notes pass through unchanged). Each LF starts a new OBX; an empty line is an OBX with an
 * empty OBX-5, so unescaping every OBX-5 in order and joining with LF gives back the normalised text
 * exactly, including leading, trailing and repeated blank lines. An empty note is one empty OBX.
 */
export function buildMdmMessage(doc: DocumentSnapshot, options: MdmOptions): string {
  const trigger = mdmTrigger(doc);
  const ts = hl7DateTime(options.now);
  const name = splitPersonName(doc.patient.name);
  const signedBy = signer(doc);
  const obsId = `${esc(doc.workType.loinc)}^${esc(doc.workType.name)}^LN`;

  const msh = [
    'MSH',
    '^~\\&',
    esc(options.sendingApp),
    esc(options.sendingFacility),
    esc(options.receivingApp),
    esc(options.receivingFacility),
    ts,
    '',
    `MDM^${trigger}^MDM_T02`,
    esc(options.controlId),
    options.processingId ?? 'P',
    '2.5.1',
    '',
    '',
    '',
    '',
    '',
    // Without MSH-18 receivers assume ASCII/Latin-1 and mangle names and units like "µg".
    'UNICODE UTF-8',
  ];

  const evn = ['EVN', trigger, ts];

  const pid = fields('PID', {
    1: '1',
    3: `${esc(doc.patient.mrn)}^^^${esc(options.mrnAssigningAuthority ?? options.sendingFacility)}^MR`,
    5: [name.family, name.given[0] ?? '', name.given.slice(1).join(' ')]
      .map(esc)
      .join('^')
      .replace(/\^+$/, ''),
    7: doc.patient.birthDate.replaceAll('-', ''),
    8: hl7Sex(doc.patient.sex),
  });

  // PV1-2 is required: U (unknown class) for a known visit, N (not applicable) without one.
  const pv1 = doc.encounter
    ? fields('PV1', {
        1: '1',
        2: 'U',
        3: doc.encounter.location ? esc(doc.encounter.location) : '',
        19: esc(doc.encounter.visitNumber),
        44: doc.encounter.date ? hl7DateTime(doc.encounter.date) : '',
      })
    : fields('PV1', { 1: '1', 2: 'N' });

  const txa = fields('TXA', {
    1: '1',
    2: `${esc(doc.workType.code)}^${esc(doc.workType.name)}`,
    3: 'TX',
    4: hl7DateTime(doc.encounter?.date ?? doc.dictatedAt),
    5: xcn(doc.author),
    6: hl7DateTime(doc.dictatedAt),
    7: hl7DateTime(doc.finalizedAt),
    9: xcn(doc.author),
    10: signedBy ? xcn(signedBy) : '',
    11: doc.transcriptionist ? xcn(doc.transcriptionist) : '',
    12: esc(doc.number),
    13: doc.parent && doc.kind !== 'ORIGINAL' ? esc(doc.parent.number) : '',
    // Table 0271 from the facts of this version: LA only when its author signed it, else DO.
    17: snapshotCompletion(doc).hl7,
    19: availability(doc),
    22: signedBy && doc.signedAt ? ppn(signedBy, doc.signedAt) : '',
  });

  const obx = normalizeLineBreaks(doc.text)
    .split('\n')
    .map((line, i) => fields('OBX', { 1: String(i + 1), 2: 'TX', 3: obsId, 5: escapeHl7(line), 11: 'F' }));

  return [msh.join('|'), evn.join('|'), pid, pv1, txa, ...obx].join(SEGMENT_SEPARATOR);
}

/**
 * Our reader for the note text of an MDM (or ORU) message: every OBX-5 of a text type (TX, FT, ST,
 * or unspecified), unescaped, one line each, joined with LF. Repetitions within one OBX-5 are taken
 * as further lines, and `\.br\` (FT line break) as a line break, since senders use both.
 */
export function parseMdmText(message: string): string {
  const segments = message.split(/\r\n|\r|\n/).filter((s) => s !== '');
  const msh = segments[0];
  if (!msh?.startsWith('MSH') || msh.length < 8) throw new Error('Not an HL7 v2 message: no MSH segment');
  const sep = {
    field: msh.charAt(3),
    component: msh.charAt(4),
    repetition: msh.charAt(5),
    escape: msh.charAt(6),
    subcomponent: msh.charAt(7),
  };
  const lines: string[] = [];
  for (const segment of segments) {
    const f = segment.split(sep.field);
    if (f[0] !== 'OBX') continue;
    const valueType = f[2] ?? '';
    if (valueType !== '' && !['TX', 'FT', 'ST'].includes(valueType)) continue;
    for (const repetition of (f[5] ?? '').split(sep.repetition)) {
      lines.push(unescapeHl7(repetition, sep));
    }
  }
  return lines.join('\n');
}

export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

const STANDARD_DELIMITERS: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/**
 * Escapes text for an HL7 v2 data field. The escape character goes first so the escapes added for the
 * other delimiters are not escaped again. Control characters other than TAB (including LF/CR, and the
 * MLLP framing bytes 0x0B and 0x1C) become hex escapes `\Xhh\`, so they can neither end a segment nor
 * break a frame. Callers that want one line per field split on LF first, as buildMdmMessage does.
 */
export function escapeHl7(text: string, d: Hl7Delimiters = STANDARD_DELIMITERS): string {
  let out = '';
  for (const ch of text) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (isControl(ch))
      out += `${d.escape}X${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${d.escape}`;
    else out += ch;
  }
  return out;
}

/**
 * Reverses escapeHl7 and also reads what other senders produce: `\Xhh..\` hex (bytes, decoded as
 * UTF-8), `\.br\` line breaks, and the highlighting escapes `\H\` `\N\`, which carry no text. An
 * unknown or unterminated escape is kept literally rather than dropping characters.
 */
export function unescapeHl7(text: string, d: Hl7Delimiters = STANDARD_DELIMITERS): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch !== d.escape) {
      out += ch;
      i++;
      continue;
    }
    const end = text.indexOf(d.escape, i + 1);
    if (end < 0) {
      out += text.slice(i);
      break;
    }
    const body = text.slice(i + 1, end);
    const decoded = decodeEscape(body, d);
    if (decoded === undefined) {
      // Not an escape we know: keep the escape character and rescan from the next character, so a
      // stray backslash does not swallow the text up to the next one.
      out += ch;
      i++;
      continue;
    }
    out += decoded;
    i = end + 1;
  }
  return out;
}

function decodeEscape(body: string, d: Hl7Delimiters): string | undefined {
  switch (body) {
    case 'E':
      return d.escape;
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'H':
    case 'N':
      return '';
    case '.br':
      return '\n';
  }
  if (/^X(?:[0-9A-Fa-f]{2})+$/.test(body)) return Buffer.from(body.slice(1), 'hex').toString('utf8');
  return undefined;
}

function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return ch.length === 1 && ((code < 0x20 && code !== 0x09) || code === 0x7f);
}

export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** HL7 DTM to the second, in UTC with an explicit offset so no receiver guesses the time zone. */
export function hl7DateTime(date: Date): string {
  const iso = date.toISOString(); // 2024-03-05T14:30:07.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+0000`;
}

function hl7Sex(sex: DocumentSnapshot['patient']['sex']): string {
  switch (sex) {
    case 'male':
      return 'M';
    case 'female':
      return 'F';
    case 'other':
      return 'O';
    default:
      return 'U';
  }
}

/** XCN: id (our username) ^ family ^ given ^ middle. */
function xcn(person: PersonRef): string {
  return xcnComponents(person).join('^').replace(/\^+$/, '');
}

/** PPN (TXA-22): the XCN components, then the time of the action in component 15. */
function ppn(person: PersonRef, at: Date): string {
  const components = xcnComponents(person);
  while (components.length < 14) components.push('');
  return [...components, hl7DateTime(at)].join('^');
}

function xcnComponents(person: PersonRef): string[] {
  const name = splitPersonName(personDisplayName(person));
  return [person.username, name.family, name.given[0] ?? '', name.given.slice(1).join(' ')].map((p) =>
    esc(p),
  );
}

/**
 * TXA-19 (table 0273): a signed or filed note is available for patient care; a superseded one is
 * obsolete; a finalized note still awaiting signature or filing is unavailable, which is also the
 * only state in which the standard allows an edit (T08) instead of a replacement.
 */
function availability(doc: DocumentSnapshot): 'AV' | 'UN' | 'OB' {
  if (doc.status === 'SUPERSEDED') return 'OB';
  if (doc.status === 'SIGNED' || doc.status === 'FILED') return 'AV';
  return 'UN';
}

/** Field values are already escaped. */
function fields(name: string, values: Record<number, string>): string {
  const last = Math.max(0, ...Object.keys(values).map(Number));
  const out = [name];
  for (let i = 1; i <= last; i++) out.push(values[i] ?? '');
  return out.join('|');
}

function esc(value: string): string {
  return escapeHl7(value);
}
