import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  multipartUpload,
  type SignedInUser,
  signedInUser,
  uploadAs,
} from '../support/api-harness';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { useTestApp } from '../support/use-test-app';

const { t, physician, patient } = useTestApp({ users: { physician: 'PHYSICIAN' }, patient: true });
let wav: Buffer;

async function storedObjects(): Promise<string[]> {
  const root = process.env.STORAGE_DIR!;
  const out: string[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.name === '.tmp') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(full);
    }
  }
  await walk(root);
  return out;
}

const upload = (
  user: SignedInUser,
  fields: Record<string, string>,
  audio: Buffer | null,
  headers: Record<string, string> = {},
) => uploadAs(user, fields, audio ? { data: audio } : null, headers);

beforeAll(async () => {
  wav = await readFile(await synthesizeSpeech('the patient is doing well today', { format: 'wav' }));
});

describe('POST /dictations', () => {
  it('stores the audio, computes its hash and duration, and queues transcription', async () => {
    const res = await upload(
      physician,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' },
      wav,
    );
    expect(res.statusCode).toBe(201);
    const { id, status } = res.json();
    expect(status).toBe('QUEUED');
    const row = await t.ctx.db.dictation.findUniqueOrThrow({ where: { id } });
    expect(Number(row.audioSizeBytes)).toBe(wav.length);
    expect(row.durationSec).toBeGreaterThan(1);
    expect(row.audioKey).not.toContain('dictation.wav');
    const detail = await physician.request({ method: 'GET', url: `/api/v1/dictations/${id}` });
    expect(detail.json()).toMatchObject({
      id,
      priority: 'STAT',
      patient: { mrn: patient.mrn },
      workType: { code: 'PROGRESS' },
    });
    // STAT progress notes are due within the work type's STAT turnaround.
    const due = new Date(detail.json().dueAt).getTime() - new Date(detail.json().dictatedAt).getTime();
    expect(due).toBe(2 * 3600_000);
  });

  it('serves the audio back byte for byte, with Range answered 206', async () => {
    const { id } = (
      await upload(physician, { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'ROUTINE' }, wav)
    ).json();
    const ranged = await physician.request({
      method: 'GET',
      url: `/api/v1/dictations/${id}/audio`,
      headers: { range: 'bytes=0-99' },
    });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes 0-99/${wav.length}`);
    expect(Buffer.compare(ranged.rawPayload, wav.subarray(0, 100))).toBe(0);
    const tail = await physician.request({
      method: 'GET',
      url: `/api/v1/dictations/${id}/audio`,
      headers: { range: 'bytes=-10' },
    });
    expect(Buffer.compare(tail.rawPayload, wav.subarray(wav.length - 10))).toBe(0);
    const whole = await physician.request({ method: 'GET', url: `/api/v1/dictations/${id}/audio` });
    expect(whole.statusCode).toBe(200);
    expect(Buffer.compare(whole.rawPayload, wav)).toBe(0);
  });

  it('rejects a text file named x.wav with 415 and leaves no row and no object', async () => {
    const before = {
      rows: await t.ctx.db.dictation.count({ where: { authorId: physician.id } }),
      objects: (await storedObjects()).length,
    };
    const res = await uploadAs(
      physician,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' },
      {
        data: Buffer.from('this is plainly not audio\n'.repeat(20)),
        filename: 'x.wav',
        contentType: 'audio/wav',
      },
    );
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await t.ctx.db.dictation.count({ where: { authorId: physician.id } })).toBe(before.rows);
    expect((await storedObjects()).length).toBe(before.objects);
  });

  it('answers 400 for a missing patientMrn, 422 for an unknown patient or work type, leaving nothing behind', async () => {
    const objects = (await storedObjects()).length;
    const missing = await upload(physician, { workType: 'PROGRESS', priority: 'STAT' }, wav);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('patientMrn');
    const badPriority = await upload(
      physician,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'SOON' },
      wav,
    );
    expect(badPriority.statusCode).toBe(400);
    const noAudio = await upload(
      physician,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' },
      null,
    );
    expect(noAudio.statusCode).toBe(400);
    const unknownPatient = await upload(
      physician,
      { patientMrn: 'NO-SUCH-MRN', workType: 'PROGRESS', priority: 'STAT' },
      wav,
    );
    expect(unknownPatient.statusCode).toBe(422);
    expect(unknownPatient.json().error.code).toBe('UNKNOWN_PATIENT');
    const unknownType = await upload(
      physician,
      { patientMrn: patient.mrn, workType: 'NOPE', priority: 'STAT' },
      wav,
    );
    expect(unknownType.statusCode).toBe(422);
    expect(unknownType.json().error.code).toBe('UNKNOWN_WORK_TYPE');
    expect((await storedObjects()).length).toBe(objects);
  });

  it('answers 413 over the size limit and keeps nothing', async () => {
    const small = await createTestApp({ UPLOAD_MAX_BYTES: '20000' });
    try {
      const doc = await signedInUser(small, 'PHYSICIAN');
      const objects = (await storedObjects()).length;
      const res = await upload(doc, { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' }, wav);
      expect(res.statusCode).toBe(413);
      expect((await storedObjects()).length).toBe(objects);
    } finally {
      await small.close();
    }
  });

  it('no session is 401 and a transcriptionist uploading is 403', async () => {
    const body = multipartUpload(
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' },
      { data: wav },
    );
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dictations',
      payload: body.payload,
      headers: body.headers,
    });
    expect(anonymous.statusCode).toBe(401);
    const mt = await signedInUser(t, 'TRANSCRIPTIONIST');
    expect(
      (await upload(mt, { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' }, wav)).statusCode,
    ).toBe(403);
  });

  it('the same Idempotency-Key twice gives the same dictation and one stored object', async () => {
    const objects = (await storedObjects()).length;
    const key = `key-${Date.now()}`;
    const first = await upload(
      physician,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' },
      wav,
      { 'idempotency-key': key },
    );
    const second = await upload(
      physician,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' },
      wav,
      { 'idempotency-key': key },
    );
    expect(first.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect((await storedObjects()).length).toBe(objects + 1);
  });

  it('the same audio without a key is a new dictation flagged as a possible duplicate', async () => {
    const other = await signedInUser(t, 'PHYSICIAN');
    const a = await upload(
      other,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'ROUTINE' },
      wav,
    );
    const b = await upload(
      other,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'ROUTINE' },
      wav,
    );
    expect(b.json().id).not.toBe(a.json().id);
    expect(a.json().possibleDuplicate).toBe(false);
    expect(b.json().possibleDuplicate).toBe(true);
  });

  it('a physician sees only their own dictations: another physician gets 404 for dictation, audio and transcript', async () => {
    const { id } = (
      await upload(physician, { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'ROUTINE' }, wav)
    ).json();
    const stranger = await signedInUser(t, 'PHYSICIAN');
    for (const suffix of ['', '/audio', '/transcript', '/transcript/versions']) {
      const res = await stranger.request({ method: 'GET', url: `/api/v1/dictations/${id}${suffix}` });
      expect(res.statusCode, suffix).toBe(404);
    }
    const list = await stranger.request({ method: 'GET', url: '/api/v1/dictations' });
    expect(list.json().items.map((d: { id: string }) => d.id)).not.toContain(id);
  });

  it('audio whose header looks right but does not decode is 415, and nothing is kept', async () => {
    const objects = (await storedObjects()).length;
    const rows = await t.ctx.db.dictation.count({ where: { authorId: physician.id } });
    const fake = Buffer.concat([
      wav.subarray(0, 12),
      Buffer.from('garbage that is no fmt chunk'.repeat(400)),
    ]);
    const res = await upload(
      physician,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' },
      fake,
    );
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('AUDIO_UNDECODABLE');
    expect(await t.ctx.db.dictation.count({ where: { authorId: physician.id } })).toBe(rows);
    expect((await storedObjects()).length).toBe(objects);
  });

  it('a recording longer than UPLOAD_MAX_DURATION_SEC is 422 and nothing is kept', async () => {
    const short = await createTestApp({ UPLOAD_MAX_DURATION_SEC: '0.5' });
    try {
      const doc = await signedInUser(short, 'PHYSICIAN');
      const objects = (await storedObjects()).length;
      const res = await upload(doc, { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'STAT' }, wav);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('AUDIO_TOO_LONG');
      expect((await storedObjects()).length).toBe(objects);
    } finally {
      await short.close();
    }
  });
});
