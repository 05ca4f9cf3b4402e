import { Hl7Message, type Hl7Segment } from '@medplum/core';
import { type Hl7Delimiters, unescapeHl7 } from './hl7-mdm';

// Inbound HL7 v2 (ER7), read with @medplum/core's Hl7Message (segments, fields, repetitions and
// components, with the delimiters the message declares in MSH-1/MSH-2, MSH-n numbered as in HL7).
// These helpers add what it leaves to the caller: a usable-MSH check and unescaped values.

export interface Er7Message {
  delimiters: Hl7Delimiters;
  message: Hl7Message;
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
  return { delimiters, message: Hl7Message.parse(lines.join('\r')) };
}

/** The first segment of that name. */
export function segment(msg: Er7Message, name: string): Hl7Segment | undefined {
  return msg.message.getSegment(name);
}

/** Field n of a segment, raw (still escaped, with components). */
export function field(seg: Hl7Segment | undefined, n: number): string {
  return seg?.getField(n)?.toString() ?? '';
}

/** Component c (1-based) of the first repetition of field n, unescaped. */
export function component(msg: Er7Message, seg: Hl7Segment | undefined, n: number, c = 1): string {
  return unescapeHl7(seg?.getComponent(n, c) ?? '', msg.delimiters).trim();
}

/** Every repetition of field n, each as its unescaped components. */
export function repetitions(msg: Er7Message, seg: Hl7Segment | undefined, n: number): string[][] {
  const f = seg?.getField(n);
  if (!f?.toString()) return [];
  return f.components.map((rep) => rep.map((c) => unescapeHl7(c, msg.delimiters).trim()));
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
