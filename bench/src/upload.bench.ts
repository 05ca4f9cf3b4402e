import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '@dictum/core/infra/storage/fs-object-store';
import { newObjectKey } from '@dictum/core/infra/storage/object-store';
import {
  percentile,
  physicianWithPatient,
  report,
  round,
  rssBytes,
  sleep,
  startBenchApi,
} from './bench-support';

// SPEC §6: "Upload streams end to end: RSS grows by less than 64 MB while a 200 MB file is uploaded."
// Also: upload throughput as a ratio to writing the same bytes straight to the same storage (the fs
// driver, same folder) in the same run. The API does more than the store on the way: magic-byte
// sniffing, sha256, a local copy for ffprobe, the probe itself and the database row.

const SIZE = Number(process.env.BENCH_UPLOAD_MB ?? 200) * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 3);
const MB = 1024 * 1024;

/** A 200 MB PCM WAV (48 kHz stereo noise, about 18 minutes), written in 1 MB pieces. */
async function makeWav(file: string, bytes: number) {
  const dataBytes = bytes - 44;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(48_000, 24);
  header.writeUInt32LE(48_000 * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  const out = createWriteStream(file);
  out.write(header);
  const noise = randomBytes(MB);
  for (let written = 0; written < dataBytes; written += MB) {
    if (!out.write(noise.subarray(0, Math.min(MB, dataBytes - written)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Streams a multipart upload from disk (never buffered whole), like a recorder's client would. */
async function upload(
  baseUrl: string,
  headers: Record<string, string>,
  fields: Record<string, string>,
  file: string,
) {
  const boundary = `----dictum-bench-${randomBytes(8).toString('hex')}`;
  let head = '';
  for (const [k, v] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="dictation.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const size = (await stat(file)).size;
  const url = new URL('/api/v1/dictations', baseUrl);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(Buffer.byteLength(head) + size + Buffer.byteLength(tail)),
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(head);
    const source = createReadStream(file, { highWaterMark: 256 * 1024 });
    source.on('error', reject);
    source.pipe(req, { end: false });
    source.on('end', () => req.end(tail));
  });
}

async function main() {
  const work = await mkdtemp(path.join(tmpdir(), 'dictum-bench-upload-'));
  const storageDir = path.join(work, 'objects');
  const big = path.join(work, 'big.wav');
  const small = path.join(work, 'small.wav');
  await makeWav(big, SIZE);
  await makeWav(small, 2 * MB);
  const { db, api, baseUrl } = await startBenchApi('dictum_bench_upload', {
    STORAGE_DIR: storageDir,
    UPLOAD_MAX_BYTES: String(SIZE * 2),
  });
  try {
    const { headers, mrn } = await physicianWithPatient(db, baseUrl);
    const fields = { patientMrn: mrn, workType: 'PROGRESS', priority: 'ROUTINE' };
    // Warm up: code paths compiled, connection pools open.
    for (let i = 0; i < 3; i++) {
      const r = await upload(baseUrl, headers, fields, small);
      if (r.status !== 201) throw new Error(`warm-up upload: ${r.status} ${r.body}`);
    }
    const store = new FsObjectStore({ dir: storageDir });

    const growth: number[] = [];
    const uploadMBps: number[] = [];
    const directMBps: number[] = [];
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      // Straight to the store: the same bytes, the same driver and folder.
      const key = newObjectKey();
      let t = performance.now();
      await store.put(key, createReadStream(big, { highWaterMark: 256 * 1024 }));
      directMBps.push(SIZE / MB / ((performance.now() - t) / 1000));
      await store.delete(key);

      await sleep(1000);
      const baseline = await rssBytes(api.child.pid!);
      let peak = baseline;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await rssBytes(api.child.pid!).catch(() => peak));
          await sleep(10);
        }
      })();
      t = performance.now();
      const r = await upload(baseUrl, headers, fields, big);
      const seconds = (performance.now() - t) / 1000;
      sampling = false;
      await sampler;
      if (r.status !== 201) throw new Error(`upload: ${r.status} ${r.body}`);
      growth.push((peak - baseline) / MB);
      uploadMBps.push(SIZE / MB / seconds);
    }
    const uploadMedian = percentile(uploadMBps, 50);
    const directMedian = percentile(directMBps, 50);
    await report('upload', {
      fileMB: SIZE / MB,
      rounds: ROUNDS,
      rssGrowthMB: { max: round(Math.max(...growth)), perRound: growth.map((g) => round(g)) },
      rssTargetMB: 64,
      uploadMBps: round(uploadMedian),
      directStoreMBps: round(directMedian),
      throughputRatio: round(uploadMedian / directMedian, 2),
    });
  } finally {
    await api.stop();
    await db.$disconnect();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
