import { escapeHl7, hl7DateTime } from './hl7-mdm';

export interface AckError {
  /** HL7 table 0357: 100 segment sequence, 101 required field missing, 102 data type, 103 table value, 200 unsupported message type, 201 unsupported event, 207 application internal error. */
  code: '100' | '101' | '102' | '103' | '200' | '201' | '202' | '203' | '207';
  text: string;
  /** ERR-2 error location: segment^sequence^field, e.g. PID^1^3. */
  location?: string;
}

const ERROR_TEXT: Record<AckError['code'], string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '207': 'Application internal error',
};

/**
 * An original-mode ACK (HL7 v2.5.1): MSH with sender and receiver swapped, MSA (code, the control id
 * echoed, a text), and for AE/AR an ERR segment (ERR-2 location, ERR-3 code from table 0357, ERR-4
 * severity E, ERR-8 user message). Every segment ends with CR.
 */
export function buildAck(input: {
  code: 'AA' | 'AE' | 'AR';
  controlId: string;
  /** The inbound MSH-3..6, to swap; empty when the message had no usable MSH. */
  inbound?: { sendingApp: string; sendingFacility: string; receivingApp: string; receivingFacility: string };
  trigger?: string;
  version?: string;
  text?: string;
  error?: AckError;
  now?: Date;
  ackControlId: string;
}): string {
  const i = input.inbound;
  const msh = [
    'MSH',
    '^~\\&',
    i?.receivingApp || 'DICTUM',
    i?.receivingFacility ?? '',
    i?.sendingApp ?? '',
    i?.sendingFacility ?? '',
    hl7DateTime(input.now ?? new Date()),
    '',
    input.trigger ? `ACK^${input.trigger}^ACK` : 'ACK',
    input.ackControlId,
    'P',
    input.version || '2.5.1',
  ].join('|');
  const msa = ['MSA', input.code, escapeHl7(input.controlId), escapeHl7(input.text ?? '')].join('|');
  const segments = [msh, msa];
  if (input.error) {
    const e = input.error;
    segments.push(
      [
        'ERR',
        '',
        e.location ?? '',
        `${e.code}^${ERROR_TEXT[e.code]}^HL70357`,
        'E',
        '',
        '',
        '',
        escapeHl7(e.text),
      ].join('|'),
    );
  }
  return segments.map((s) => `${s}\r`).join('');
}
