import { type Hl7Delimiters, unescapeHl7 } from './hl7-mdm';

// A small reader for inbound HL7 v2 (ER7): segments, fields, repetitions and components, with the
// delimiters the message declares in MSH-1/MSH-2. Values come back unescaped.

export interface Er7Message {
  delimiters: Hl7Delimiters;
  segments: string[][];
}

/** Null when there is no usable MSH (the caller answers AR without a control id to echo). */
export function parseEr7(text: string): Er7Message | null {
  const lines = text.split(/\r\n|\r|\n/).filter((s) => s.trim() !== '');
  const msh = lines[0];
  if (!msh?.startsWith('MSH') || msh.length < 8) return null;
  const delimiters: Hl7Delimiters = {
    field: msh.charAt(3),
    component: msh.charAt(4),
    repetition: msh.charAt(5),
    escape: msh.charAt(6),
    subcomponent: msh.charAt(7),
  };
  if (/[A-Za-z0-9\s]/.test(Object.values(delimiters).join(''))) return null;
  const segments = lines.map((line) => {
    const fields = line.split(delimiters.field);
    // MSH-1 is the field separator itself: keep HL7's numbering (MSH-n is fields[n]).
    if (fields[0] === 'MSH') fields.splice(1, 0, delimiters.field);
    return fields;
  });
  return { delimiters, segments };
}

/** The first segment of that name. */
export function segment(msg: Er7Message, name: string): string[] | undefined {
  return msg.segments.find((s) => s[0] === name);
}

/** Field n of a segment, raw (still escaped, with components). */
export function field(seg: string[] | undefined, n: number): string {
  return seg?.[n] ?? '';
}

/** Component c (1-based) of the first repetition of field n, unescaped. */
export function component(msg: Er7Message, seg: string[] | undefined, n: number, c = 1): string {
  const rep = field(seg, n).split(msg.delimiters.repetition)[0] ?? '';
  return unescapeHl7(rep.split(msg.delimiters.component)[c - 1] ?? '', msg.delimiters).trim();
}

/** Every repetition of field n, each as its unescaped components. */
export function repetitions(msg: Er7Message, seg: string[] | undefined, n: number): string[][] {
  const value = field(seg, n);
  if (!value) return [];
  return value
    .split(msg.delimiters.repetition)
    .map((rep) => rep.split(msg.delimiters.component).map((c) => unescapeHl7(c, msg.delimiters).trim()));
}

/** HL7 DTM (YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]) → Date; undefined when malformed. */
export function parseHl7Date(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${tz ? `${tz.slice(0, 3)}:${tz.slice(3)}` : 'Z'}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
