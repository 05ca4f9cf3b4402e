import net from 'node:net';
import tls from 'node:tls';
import { mllpFrame, readMllpFrames } from '@dictum/core/capability/interop/mllp-framing';
import { type AdtContext, handleInboundHl7 } from '../services/adt/apply-adt-message';

/** A frame larger than this is not HL7 ADT: the connection is closed rather than buffering forever. */
const MAX_FRAME_BYTES = 10 * 1024 * 1024;

export interface Hl7ListenerOptions {
  port: number;
  host: string;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
}

export interface Hl7Listener {
  port: number;
  close(): Promise<void>;
}

/**
 * The inbound ADT listener (HL7_LISTEN_PORT). Each connection's messages are handled one after
 * another and each gets its ACK before the next is read, so a sender's order is kept; a bad message
 * is answered (AE/AR) and the connection and the listener stay up. With TLS files configured it
 * speaks MLLP over TLS (and asks for client certificates when a CA is given).
 */
export async function startHl7Listener(ctx: AdtContext, options: Hl7ListenerOptions): Promise<Hl7Listener> {
  const sockets = new Set<net.Socket>();
  const onConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer: Buffer = Buffer.alloc(0);
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest, pending } = readMllpFrames(Buffer.concat([buffer, chunk]));
      buffer = rest;
      if (pending > MAX_FRAME_BYTES) socket.destroy();
      for (const text of frames) {
        queue = queue
          .then(async () => {
            const ack = await handleInboundHl7(ctx, text);
            if (!socket.destroyed) socket.write(mllpFrame(ack));
          })
          // handleInboundHl7 answers every message itself; this only keeps the chain alive.
          .catch(() => undefined);
      }
    });
  };
  const server = options.tls
    ? tls.createServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ...(options.tls.ca ? { ca: options.tls.ca, requestCert: true, rejectUnauthorized: true } : {}),
        },
        onConnection,
      )
    : net.createServer(onConnection);
  server.on('error', (error) =>
    ctx.log.error({ err: { code: (error as { code?: string }).code } }, 'HL7 listener error'),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  ctx.log.info({ port, tls: !!options.tls }, 'HL7 listener started');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
