import net from 'node:net';
import { DeliveryError, networkErrorCode } from './delivery-error';

// MLLP framing (HL7 v2 Implementation Guide, appendix C): <VT> message <FS><CR>.
const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

export interface MllpEndpoint {
  host: string;
  port: number;
}

/** `host:port`, `mllp://host:port` or `[::1]:2575`. */
export function parseMllpTarget(target: string): MllpEndpoint {
  const match = /^(?:mllp:\/\/)?(\[[^\]]+\]|[^:/\s]+):(\d{1,5})\/?$/i.exec(target.trim());
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DeliveryError('permanent', 'MLLP_TARGET_INVALID', 'HL7_MLLP_TARGET must be host:port');
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

export interface MllpSendOptions extends MllpEndpoint {
  /** How long to wait for the connection and then for the ACK. */
  timeoutMs?: number;
}

/**
 * Sends one ER7 message over MLLP (UTF-8, as MSH-18 declares) and waits for the receiver's ACK whose
 * MSA-2 echoes our MSH-10. MSA-1 AA (or CA in enhanced mode) is success; AE/AR, a closed
 * connection or no answer in time are transient failures the job retries with backoff. The socket is
 * closed after every message: deliveries are rare enough that a persistent connection buys nothing.
 */
export function sendMllpMessage(
  er7: string,
  options: MllpSendOptions,
): Promise<{ payloadId: string; ackCode: string }> {
  const controlId = mshField(er7, 10);
  if (!controlId)
    return Promise.reject(new DeliveryError('permanent', 'HL7_INVALID', 'message has no MSH-10'));
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    let settled = false;
    let buffer = Buffer.alloc(0);
    const socket = net.connect({ host: options.host, port: options.port });
    const finish = (error: DeliveryError | null, ackCode?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.end();
      socket.destroy();
      if (error) reject(error);
      else resolve({ payloadId: controlId, ackCode: ackCode as string });
    };
    const timer = setTimeout(
      () => finish(new DeliveryError('transient', 'MLLP_TIMEOUT', `no HL7 ACK within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('connect', () => {
      const body = Buffer.from(er7, 'utf8');
      socket.write(Buffer.concat([Buffer.from([VT]), body, Buffer.from([FS, CR])]));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const start = buffer.indexOf(VT);
        const end = start < 0 ? -1 : buffer.indexOf(Buffer.from([FS, CR]), start);
        if (start < 0 || end < 0) break;
        const frame = buffer.subarray(start + 1, end).toString('utf8');
        buffer = buffer.subarray(end + 2);
        const ack = readAck(frame);
        // Not the answer to our message (another control id, or not an ACK): keep waiting.
        if (!ack || ack.controlId !== controlId) continue;
        if (ack.code === 'AA' || ack.code === 'CA') return finish(null, ack.code);
        const detail = ack.errorCode ? `, error ${ack.errorCode}` : '';
        return finish(
          new DeliveryError(
            'transient',
            `MLLP_NACK_${ack.code}`,
            `HL7 receiver answered ${ack.code}${detail}`,
          ),
        );
      }
    });
    socket.on('error', (error) =>
      finish(
        new DeliveryError(
          'transient',
          'MLLP_UNREACHABLE',
          `HL7 receiver unreachable (${networkErrorCode(error)})`,
        ),
      ),
    );
    socket.on('close', () =>
      finish(
        new DeliveryError(
          'transient',
          'MLLP_CLOSED',
          'HL7 receiver closed the connection before acknowledging',
        ),
      ),
    );
  });
}

/** MSA-1 (acknowledgment code), MSA-2 (control id echoed) and ERR-3's code, from an ACK in ER7. */
export function readAck(er7: string): { code: string; controlId: string; errorCode?: string } | null {
  const segments = er7.split(/\r\n|\r|\n/).filter(Boolean);
  const msh = segments[0];
  if (!msh?.startsWith('MSH') || msh.length < 8) return null;
  const field = msh.charAt(3);
  const component = msh.charAt(4);
  const msa = segments.find((s) => s.startsWith(`MSA${field}`))?.split(field);
  if (!msa) return null;
  const code = (msa[1] ?? '').split(component)[0]?.trim().toUpperCase() ?? '';
  const controlId = (msa[2] ?? '').split(component)[0]?.trim() ?? '';
  const err = segments.find((s) => s.startsWith(`ERR${field}`))?.split(field);
  const errorCode = err?.[3]?.split(component)[0];
  return {
    code: /^[A-Z]{2}$/.test(code) ? code : 'UNKNOWN',
    controlId,
    ...(errorCode && /^\w{1,10}$/.test(errorCode) ? { errorCode } : {}),
  };
}

/** MSH-n with HL7's numbering (MSH-1 is the field separator itself). */
function mshField(er7: string, n: number): string | undefined {
  if (!er7.startsWith('MSH') || er7.length < 8) return undefined;
  const segment = er7.split(/\r\n|\r|\n/, 1)[0] as string;
  return segment.split(segment.charAt(3))[n - 1];
}
