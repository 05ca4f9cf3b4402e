import { type Readable, Transform, type TransformCallback } from 'node:stream';

// Both drivers read the caller's stream the same way: count the bytes, tell the caller's own failure
// apart from the store's, and on a store failure let go of the stream without destroying it. The
// caller owns it: an HTTP upload must stay open long enough to be answered with a 503.

export interface WatchedSource {
  /** The caller's bytes, counted; errors of the caller's stream are forwarded into it. */
  stream: Readable;
  bytes(): number;
  /** The caller's stream's own error, if it failed. */
  error(): unknown;
  /** Stops reading for the store and drains the rest, so the caller's request can complete. */
  detach(): void;
}

export function watchSource(body: Readable): WatchedSource {
  let bytes = 0;
  let failure: unknown;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  // Kept for the stream's lifetime: a late error with no listener would crash the process.
  body.on('error', (error) => {
    failure ??= error;
    counter.destroy(error);
  });
  if (body.destroyed) {
    // A stream destroyed before we got it will never emit again; fail now instead of hanging.
    failure = body.errored ?? new Error('source stream was already closed');
    counter.destroy(failure as Error);
  } else {
    body.pipe(counter);
  }
  return {
    stream: counter,
    bytes: () => bytes,
    error: () => failure,
    detach() {
      body.unpipe(counter);
      counter.destroy();
      if (!body.destroyed) body.resume();
    },
  };
}
