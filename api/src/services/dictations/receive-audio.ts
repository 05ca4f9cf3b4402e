import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { SNIFF_BYTES, sniffAudio } from '@dictum/core/capability/audio/sniff-audio';
import { AppError } from '@dictum/core/errors';
import { newObjectKey, type ObjectStore } from '@dictum/core/infra/storage/object-store';

export interface ReceivedAudio {
  key: string;
  sha256: string;
  sizeBytes: number;
  contentType: string;
}

/**
 * Streams an uploaded file into object storage in one pass, never holding it whole: the first
 * bytes decide whether it is audio at all (magic bytes, not the client's content type), and on the
 * way through every chunk feeds the sha256, the size count and a local copy for ffprobe.
 * Nothing is stored when the head is not audio; a failure midway removes what was written.
 */
export async function receiveAudio(
  store: ObjectStore,
  source: AsyncIterable<Buffer>,
  probeCopyPath: string,
): Promise<ReceivedAudio> {
  const iterator = source[Symbol.asyncIterator]();
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let exhausted = false;
  while (headLength < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    headChunks.push(next.value);
    headLength += next.value.length;
  }
  const head = Buffer.concat(headChunks);
  const sniffed = head.length > 0 ? sniffAudio(head) : null;
  if (!sniffed) {
    if (!exhausted)
      for await (const _ of { [Symbol.asyncIterator]: () => iterator }) {
        /* drain */
      }
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the file is not a supported audio format');
  }

  const hash = createHash('sha256');
  let sizeBytes = 0;
  const copy = createWriteStream(probeCopyPath);
  const copyError = once(copy, 'error').then(([e]) => {
    throw e;
  });
  copyError.catch(() => {});
  const record = async (chunk: Buffer) => {
    hash.update(chunk);
    sizeBytes += chunk.length;
    if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), copyError]);
  };
  async function* body() {
    await record(head);
    yield head;
    if (exhausted) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      await record(next.value);
      yield next.value;
    }
  }

  const key = newObjectKey('audio');
  try {
    await store.put(key, Readable.from(body()), { contentType: sniffed.mime });
    copy.end();
    await once(copy, 'finish');
  } catch (error) {
    copy.destroy();
    await store.delete(key).catch(() => {});
    throw error;
  }
  return { key, sha256: hash.digest('hex'), sizeBytes, contentType: sniffed.mime };
}
