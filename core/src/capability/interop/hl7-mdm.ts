import { NPI_ASSIGNING_AUTHORITY } from '../../domain/identity/npi';
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
  /** Work type code → the receiver's TXA-2 document type (`code` or `code^text`, already HL7). */
  documentTypes?: Record<string, string>;
  /** IANA time zone for every timestamp (sent with its offset); UTC by default. */
  timeZone?: string;
  /** TX: one OBX per line (default); FT: one formatted-text OBX with `\.br\` line breaks. */
  obxLayout?: 'TX' | 'FT';
  /** The printable PDF, added as an OBX of type ED (^AP^PDF^Base64^...). */
  pdf?: Buffer;
  /** The receiver's provider id system (XCN-9), used when an author has no NPI. */
  providerIdSystem?: string;
  /** PUBLISH (default) sends the note; RETRACT sends a T11 document cancel notification. */
  event?: 'PUBLISH' | 'RETRACT';
}

const SEGMENT_SEPARATOR = '\r';

/**
 * MDM trigger per document kind: content-bearing events only, because the receiver needs the text.
 * Edits (T08) are not used: a filed note is available for patient care, and the standard then asks
 * for an addendum (T06) or a replacement (T10).
 */
export function mdmTrigger(
  doc: Pick<DocumentSnapshot, 'kind'>,
  event: 'PUBLISH' | 'RETRACT' = 'PUBLISH',
): 'T02' | 'T06' | 'T10' | 'T11' {
  if (event === 'RETRACT') return 'T11';
  if (doc.kind === 'ADDENDUM') return 'T06';
  if (doc.kind === 'REPLACEMENT') return 'T10';
  return 'T02';
}

/**
 * Builds an HL7 v2.5.1 MDM message (ER7, every segment terminated by CR, as the standard's encoding
 * rules require and strict receivers check for the last one) carrying the note as one OBX (TX) per
 * line, or one FT OBX, and optionally the PDF as an ED OBX. A T11 (document cancel) carries no OBX.
 *
 * Line-break policy: CRLF and lone CR are first normalised to LF (the app stores LF-only text, so
 * stored notes pass through unchanged). Each LF starts a new OBX; an empty line is an OBX with an
 * empty OBX-5, so unescaping every OBX-5 in order and joining with LF gives back the normalised text
 * exactly, including leading, trailing and repeated blank lines. An empty note is one empty OBX.
 */
export function buildMdmMessage(doc: DocumentSnapshot, options: MdmOptions): string {
  const trigger = mdmTrigger(doc, options.event);
  const tz = options.timeZone;
  const ts = hl7DateTime(options.now, tz);
  const providers = { idSystem: options.providerIdSystem, facility: options.sendingFacility };
  const xcn = (person: PersonRef) => xcnOf(person, providers);
  const ppn = (person: PersonRef, at: Date) => ppnOf(person, at, providers, tz);
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
    `MDM^${trigger}^${trigger === 'T11' ? 'MDM_T01' : 'MDM_T02'}`,
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

  // EVN-2 (recorded date/time): when the note was filed, not when this message happens to be sent.
  const evn = ['EVN', trigger, hl7DateTime(doc.filedAt ?? doc.finalizedAt, tz)];

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
        7: xcn(doc.author),
        19: esc(doc.encounter.visitNumber),
        44: doc.encounter.date ? hl7DateTime(doc.encounter.date, tz) : '',
      })
    : fields('PV1', { 1: '1', 2: 'N', 7: xcn(doc.author) });

  const txa = fields('TXA', {
    1: '1',
    2: options.documentTypes?.[doc.workType.code] ?? `${esc(doc.workType.code)}^${esc(doc.workType.name)}`,
    3: options.obxLayout === 'FT' ? 'FT' : 'TX',
    4: hl7DateTime(doc.encounter?.date ?? doc.dictatedAt, tz),
    5: xcn(doc.author),
    6: hl7DateTime(doc.dictatedAt, tz),
    7: hl7DateTime(doc.finalizedAt, tz),
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

  const lines = normalizeLineBreaks(doc.text).split('\n');
  const obx =
    trigger === 'T11'
      ? []
      : options.obxLayout === 'FT'
        ? [
            fields('OBX', {
              1: '1',
              2: 'FT',
              3: obsId,
              5: lines.map((l) => escapeHl7(l)).join('\\.br\\'),
              11: 'F',
            }),
          ]
        : lines.map((line, i) =>
            fields('OBX', { 1: String(i + 1), 2: 'TX', 3: obsId, 5: escapeHl7(line), 11: 'F' }),
          );
  if (options.pdf && trigger !== 'T11') {
    obx.push(
      fields('OBX', {
        1: String(obx.length + 1),
        2: 'ED',
        3: `${esc(doc.workType.loinc)}^${esc(doc.workType.name)} (PDF)^LN`,
        5: `^AP^PDF^Base64^${options.pdf.toString('base64')}`,
        11: 'F',
      }),
    );
  }

  return [msh.join('|'), evn.join('|'), pid, pv1, txa, ...obx].map((s) => s + SEGMENT_SEPARATOR).join('');
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
    // An FT value is one field whose \.br\ escapes are the line breaks: unescapeHl7 splits them.
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

/**
 * HL7 DTM to the second with an explicit offset so no receiver guesses the time zone: UTC, or the
 * wall-clock time of the interface's IANA time zone with that zone's offset at that instant.
 */
export function hl7DateTime(date: Date, timeZone?: string): string {
  if (!timeZone || timeZone === 'UTC') {
    const iso = date.toISOString(); // 2024-03-05T14:30:07.123Z
    return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+0000`;
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const n = (k: string) => Number(parts[k]);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  const offsetMin = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}${offset}`;
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

interface ProviderIds {
  /** The receiver's provider id system, for authors without an NPI. */
  idSystem?: string;
  /** Our facility: the assigning authority of the username fallback. */
  facility: string;
}

/**
 * XCN (TXA-5/9/10/11, PV1-7): the NPI with its assigning authority (CMS OID) and identifier type NPI,
 * which is what an interface engine matches providers on; else the receiver's own provider id; else
 * our username under our facility. Then the real name and, in XCN-21, the credentials (MD, NP...).
 */
function xcnOf(person: PersonRef, ids: ProviderIds): string {
  return xcnComponents(person, ids).join('^').replace(/\^+$/, '');
}

/** PPN (TXA-22): the XCN components, then the time of the action in component 15. */
function ppnOf(person: PersonRef, at: Date, ids: ProviderIds, tz?: string): string {
  const components = xcnComponents(person, ids).slice(0, 14);
  while (components.length < 14) components.push('');
  return [...components, hl7DateTime(at, tz)].join('^');
}

function xcnComponents(person: PersonRef, ids: ProviderIds): string[] {
  const name = splitPersonName(personDisplayName(person));
  const ehrId = ids.idSystem ? person.ehrProviderIds?.find((p) => p.system === ids.idSystem) : undefined;
  const [id, authority, idType] = person.npi
    ? [person.npi, NPI_ASSIGNING_AUTHORITY, 'NPI']
    : ehrId
      ? [esc(ehrId.value), escapeHl7(ids.idSystem as string).replaceAll('\\T\\', '&'), 'PRN']
      : [esc(person.username), esc(ids.facility), 'PRN'];
  const c: string[] = [id, esc(name.family), esc(name.given[0] ?? ''), esc(name.given.slice(1).join(' '))];
  // 5 suffix, 6 prefix, 7 degree, 8 source table, 9 assigning authority, 10 name type (L: legal),
  // 11-12 check digit, 13 identifier type code (NPI / PRN provider number).
  c.push('', '', '', '', authority, 'L', '', '', idType);
  if (person.credentials) {
    while (c.length < 20) c.push('');
    c.push(esc(person.credentials)); // XCN-21 professional suffix
  }
  return c;
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
