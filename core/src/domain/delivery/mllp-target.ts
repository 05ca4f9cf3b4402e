import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { mllpFrame, readMllpFrames } from '../../capability/interop/mllp-framing';
import {
  accepted,
  type MessageLogEntry,
  networkErrorCode,
  type ReceiverIssue,
  retry,
  type SendResult,
  stop,
} from './send-result';

export interface MllpEndpoint {
  host: string;
  port: number;
}

export interface MllpSendOptions extends MllpEndpoint {
  /** How long to wait for the connection and then for the ACK. */
  timeoutMs?: number;
  /** MLLP over TLS: file paths of the CA bundle, and of our client certificate and key. */
  tls?: {
    /** PEM contents (from the configuration); or the files, read when connecting. */
    ca?: string;
    cert?: string;
    key?: string;
    caFile?: string;
    certFile?: string;
    keyFile?: string;
    servername?: string;
    rejectUnauthorized?: boolean;
  };
}

/**
 * HL7 table 0357 codes that say the message header itself is unacceptable (unsupported message type,
 * event, processing id, version): resending the same message cannot succeed.
 */
const HEADER_ERRORS = new Set(['200', '201', '202', '203']);

/**
 * Sends one ER7 message over MLLP (UTF-8, as MSH-18 declares) and waits for the ACK whose MSA-2
 * echoes our MSH-10, then closes the connection (one message per connection, so one at a time).
 * Original-mode acknowledgment rules (HL7 v2.5.1 §2.9): AA/CA accepted; AE/CE "the content is wrong"
 * stops (retrying would send the same content); AR/CR "try later" retries, except when ERR-3 names a
 * header error (table 0357 200-203) or ERR-2 points at MSH, which also stops. No answer, a closed
 * connection or a refused one retries. MSA-3 and the ERR segments are kept for the message log.
 */
export function sendMllpMessage(er7: string, options: MllpSendOptions): Promise<SendResult> {
  const controlId = mshField(er7, 10);
  const base: MessageLogEntry = { controlId, request: er7 };
  if (!controlId) return Promise.resolve(stop('HL7_INVALID', 'message has no MSH-10', base));
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve) => {
    let settled = false;
    let buffer: Buffer = Buffer.alloc(0);
    let socket: net.Socket;
    try {
      socket = options.tls
        ? tls.connect({
            host: options.host,
            port: options.port,
            servername: options.tls.servername ?? (net.isIP(options.host) ? undefined : options.host),
            ca: options.tls.ca ?? (options.tls.caFile ? readFileSync(options.tls.caFile) : undefined),
            cert: options.tls.cert ?? (options.tls.certFile ? readFileSync(options.tls.certFile) : undefined),
            key: options.tls.key ?? (options.tls.keyFile ? readFileSync(options.tls.keyFile) : undefined),
            rejectUnauthorized: options.tls.rejectUnauthorized ?? true,
          })
        : net.connect({ host: options.host, port: options.port });
    } catch (error) {
      resolve(retry('MLLP_TLS_SETUP', `TLS setup failed (${networkErrorCode(error)})`, base));
      return;
    }
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.end();
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish(retry('MLLP_TIMEOUT', `no HL7 ACK within ${timeoutMs} ms`, base)),
      timeoutMs,
    );
    socket.on(options.tls ? 'secureConnect' : 'connect', () => {
      socket.write(mllpFrame(er7));
    });
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readMllpFrames(Buffer.concat([buffer, chunk]));
      buffer = rest;
      for (const frame of frames) {
        const ack = readAck(frame);
        // Not the answer to our message (another control id, or not an ACK): keep waiting.
        if (!ack || ack.controlId !== controlId) continue;
        return finish(classifyAck(ack, { ...base, response: frame }, controlId));
      }
    });
    socket.on('error', (error) =>
      finish(retry('MLLP_UNREACHABLE', `HL7 receiver unreachable (${networkErrorCode(error)})`, base)),
    );
    socket.on('close', () =>
      finish(retry('MLLP_CLOSED', 'HL7 receiver closed the connection before acknowledging', base)),
    );
  });
}

export function classifyAck(ack: Ack, log: MessageLogEntry, controlId: string): SendResult {
  const entry: MessageLogEntry = {
    ...log,
    ackCode: ack.code,
    ...(ack.text ? { ackText: ack.text } : {}),
    ...(ack.errors.length ? { errors: ack.errors } : {}),
  };
  if (ack.code === 'AA' || ack.code === 'CA') return accepted(controlId, entry);
  const codes = ack.errors.map((e) => e.code).filter((c) => /^\w{1,10}$/.test(c));
  const detail = codes.length ? `, error ${codes.join(',')}` : '';
  const message = `HL7 receiver answered ${ack.code}${detail}`;
  if (ack.code === 'AE' || ack.code === 'CE') return stop(`MLLP_NACK_${ack.code}`, message, entry);
  if (ack.code === 'AR' || ack.code === 'CR') {
    const headerError = ack.errors.some((e) => HEADER_ERRORS.has(e.code) || /^MSH\b/.test(e.location ?? ''));
    return headerError
      ? stop(`MLLP_NACK_${ack.code}_HEADER`, `${message} (message header refused)`, entry)
      : retry(`MLLP_NACK_${ack.code}`, message, entry);
  }
  return retry('MLLP_NACK_UNKNOWN', message, entry);
}

export interface Ack {
  code: string;
  controlId: string;
  /** MSA-3 text message. */
  text?: string;
  errors: ReceiverIssue[];
}

/**
 * MSA-1 (acknowledgment code), MSA-2 (control id echoed), MSA-3 (text) and the ERR segments: v2.5
 * layout (ERR-2 location, ERR-3 code, ERR-4 severity, ERR-8 user message) and the older ERR-1
 * (segment^sequence^field^code&text) alike.
 */
export function readAck(er7: string): Ack | null {
  const segments = er7.split(/\r\n|\r|\n/).filter(Boolean);
  const msh = segments[0];
  if (!msh?.startsWith('MSH') || msh.length < 8) return null;
  const field = msh.charAt(3);
  const component = msh.charAt(4);
  const sub = msh.charAt(7);
  const msa = segments.find((s) => s.startsWith(`MSA${field}`))?.split(field);
  if (!msa) return null;
  const code = (msa[1] ?? '').split(component)[0]?.trim().toUpperCase() ?? '';
  const controlId = (msa[2] ?? '').split(component)[0]?.trim() ?? '';
  const errors: ReceiverIssue[] = [];
  for (const segment of segments.filter((s) => s.startsWith(`ERR${field}`))) {
    const f = segment.split(field);
    const v25code = f[3]?.split(component);
    if (v25code?.[0]) {
      errors.push({
        code: v25code[0],
        ...(v25code[1] ? { text: v25code[1] } : {}),
        ...(f[4] ? { severity: f[4] } : {}),
        ...(f[2] ? { location: f[2].split(component).filter(Boolean).join('-') } : {}),
        ...(f[8] && !v25code[1] ? { text: f[8] } : {}),
      });
      continue;
    }
    const old = f[1]?.split(component);
    if (old?.[3]) {
      const [c, text] = old[3].split(sub);
      errors.push({
        code: c ?? '',
        ...(text ? { text } : {}),
        location: old.slice(0, 3).filter(Boolean).join('-'),
      });
    }
  }
  return {
    code: /^[A-Z]{2}$/.test(code) ? code : 'UNKNOWN',
    controlId,
    ...(msa[3] ? { text: msa[3] } : {}),
    errors,
  };
}

/** MSH-n with HL7's numbering (MSH-1 is the field separator itself). */
export function mshField(er7: string, n: number): string | undefined {
  if (!er7.startsWith('MSH') || er7.length < 8) return undefined;
  const segment = er7.split(/\r\n|\r|\n/, 1)[0] as string;
  return segment.split(segment.charAt(3))[n - 1];
}
