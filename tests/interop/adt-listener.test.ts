import net from 'node:net';
import { createLogger } from '@dictum/core/infra/logger';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hl7Listener, startHl7Listener } from '../../api/src/hl7/hl7-listener';
import { uniqueName } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

// Inbound ADT over MLLP with a real sender (@medplum/hl7's Hl7Client) against the real listener
// on loopback, checked through the REST API.

const { t, physician } = useTestApp({ env: { ASR_ENGINE: 'none' }, users: { physician: 'PHYSICIAN' } });
let listener: Hl7Listener;
let client: Hl7Client;

beforeAll(async () => {
  listener = await startHl7Listener(
    { db: t.ctx.db, log: createLogger('silent'), config: t.ctx.config },
    { port: 0, host: '127.0.0.1' },
  );
  client = new Hl7Client({ host: '127.0.0.1', port: listener.port });
});

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await listener?.close();
});

let seq = 0;
function pv1(fields: Record<number, string>) {
  const out = ['PV1', '1'];
  for (let i = 2; i <= 44; i++) out.push(fields[i] ?? '');
  return out.join('|');
}
function adt(event: string, pid: string, extra: string[] = [], time = '20261206101500') {
  const control = `T${Date.now()}${seq++}`;
  return Hl7Message.parse(
    [
      `MSH|^~\\&|EPIC|MAIN|DICTUM|MAIN|${time}||ADT^${event}^ADT_A01|${control}|P|2.5.1`,
      `EVN|${event}|${time}`,
      pid,
      ...extra,
    ].join('\r'),
  );
}

async function send(msg: Hl7Message) {
  const ack = await client.sendAndWait(msg, { timeoutMs: 10_000 } as never);
  return {
    code: ack.getSegment('MSA')?.getField(1).toString(),
    controlId: ack.getSegment('MSA')?.getField(2).toString(),
    err: ack.getSegment('ERR')?.toString(),
  };
}

/** Writes every frame at once and reads MLLP frames back until each message has its answer. */
function pipelined(frames: string[]): Promise<{ code?: string; controlId?: string }[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(listener.port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    const answers: { code?: string; controlId?: string }[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${answers.length} of ${frames.length} ACKs`));
    }, 20_000);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let end = buffer.indexOf('\x1c\r'); end >= 0; end = buffer.indexOf('\x1c\r')) {
        const ack = Hl7Message.parse(buffer.subarray(buffer.indexOf(0x0b) + 1, end).toString('utf8'));
        buffer = buffer.subarray(end + 2);
        answers.push({
          code: ack.getSegment('MSA')?.getField(1).toString(),
          controlId: ack.getSegment('MSA')?.getField(2).toString(),
        });
      }
      if (answers.length === frames.length) {
        clearTimeout(timer);
        socket.end();
        resolve(answers);
      }
    });
    socket.write(Buffer.concat(frames.map((f) => Buffer.from(`\x0b${f}\x1c\r`, 'utf8'))));
  });
}

async function findPatient(mrn: string) {
  const res = await physician.request({ method: 'GET', url: `/api/v1/patients?q=${mrn}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as { mrn: string; name: string; birthDate: string; sex: string }[]).find(
    (p) => p.mrn === mrn,
  );
}

describe('ADT listener (HL7_LISTEN_PORT)', () => {
  it('A04 creates the patient and visit (AA); A08 changes the name; a resent A08 is idempotent', async () => {
    const mrn = uniqueName('ADT').toUpperCase();
    const a04 = adt('A04', `PID|1||${mrn}^^^MAIN^MR||Doe^Jane^Q||19800214|F`, [
      pv1({ 2: 'O', 3: 'CLINIC^101^A', 7: '1234567893^Smith^John', 19: 'V-1001', 44: '20261206100000' }),
    ]);
    const ack = await send(a04);
    expect(ack).toMatchObject({ code: 'AA', controlId: a04.getSegment('MSH')?.getField(10).toString() });
    expect(await findPatient(mrn)).toEqual({
      mrn,
      name: 'Doe, Jane Q',
      birthDate: '1980-02-14',
      sex: 'female',
    });
    const patient = await t.ctx.db.patient.findUniqueOrThrow({
      where: { mrn },
      include: { encounters: true },
    });
    expect(patient.encounters).toMatchObject([{ visitNumber: 'V-1001', location: 'CLINIC 101 A' }]);

    const a08 = adt('A08', `PID|1||${mrn}^^^MAIN^MR||Doe-Smith^Jane||19800214|F`, [], '20261206103000');
    expect((await send(a08)).code).toBe('AA');
    expect((await findPatient(mrn))?.name).toBe('Doe-Smith, Jane');
    // The same message again (a sender's retransmission): acknowledged, applied once.
    expect((await send(a08)).code).toBe('AA');
    // An older update arriving late does not undo the newer one.
    expect(
      (await send(adt('A08', `PID|1||${mrn}^^^MAIN^MR||Old^Name||19800214|F`, [], '20261206090000'))).code,
    ).toBe('AA');
    expect((await findPatient(mrn))?.name).toBe('Doe-Smith, Jane');
    const log = await t.ctx.db.hl7InboundMessage.findMany({
      where: { patientId: patient.id },
      orderBy: { receivedAt: 'asc' },
    });
    expect(log.map((l) => l.outcome)).toEqual(['APPLIED', 'APPLIED', 'DUPLICATE', 'APPLIED']);
    const audits = await t.ctx.db.auditEvent.count({
      where: { objectId: patient.id, action: 'patient.updated' },
    });
    expect(audits).toBe(1);
  });

  it("A40 merges: the prior MRN's dictation is then found under the surviving patient", async () => {
    const survivor = uniqueName('SURV').toUpperCase();
    const prior = uniqueName('PRIOR').toUpperCase();
    expect((await send(adt('A04', `PID|1||${survivor}^^^MAIN^MR||Merge^Sam||19700101|M`))).code).toBe('AA');
    expect((await send(adt('A04', `PID|1||${prior}^^^MAIN^MR||Merge^Samuel||19700101|M`))).code).toBe('AA');
    const priorPatient = await t.ctx.db.patient.findUniqueOrThrow({ where: { mrn: prior } });
    const workType = await t.ctx.db.workType.findFirstOrThrow({ where: { active: true } });
    const dictation = await t.ctx.db.dictation.create({
      data: {
        authorId: physician.id,
        patientId: priorPatient.id,
        workTypeId: workType.id,
        priority: 'ROUTINE',
        status: 'DRAFT_READY',
        dictatedAt: new Date(),
        dueAt: new Date(Date.now() + 86_400_000),
        audioSha256: '0'.repeat(64),
        audioContentType: 'audio/wav',
        audioSizeBytes: 1000n,
      },
    });
    const a40 = adt('A40', `PID|1||${survivor}^^^MAIN^MR||Merge^Sam||19700101|M`, [`MRG|${prior}^^^MAIN^MR`]);
    expect((await send(a40)).code).toBe('AA');
    const res = await physician.request({ method: 'GET', url: `/api/v1/dictations/${dictation.id}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().patient.mrn).toBe(survivor);
    // The old MRN (an old wristband) now finds the surviving patient, never the merged-away record.
    const byOldMrn = await physician.request({ method: 'GET', url: `/api/v1/patients/${prior}` });
    expect(byOldMrn.statusCode).toBe(200);
    expect(byOldMrn.json().mrn).toBe(survivor);
    const searched = await physician.request({ method: 'GET', url: `/api/v1/patients?q=${prior}` });
    expect((searched.json() as { mrn: string }[]).map((p) => p.mrn)).toEqual([survivor]);
    const merged = await t.ctx.db.patient.findUniqueOrThrow({ where: { mrn: prior } });
    expect(merged.mergedIntoId).toBe(
      (await t.ctx.db.patient.findUniqueOrThrow({ where: { mrn: survivor } })).id,
    );
    expect(
      await t.ctx.db.auditEvent.count({ where: { action: 'patient.merged', patientMrn: survivor } }),
    ).toBe(1);
    // Repeating the merge moves nothing and is still AA.
    expect(
      (
        await send(
          adt('A40', `PID|1||${survivor}^^^MAIN^MR||Merge^Sam||19700101|M`, [`MRG|${prior}^^^MAIN^MR`]),
        )
      ).code,
    ).toBe('AA');
  });

  it('answers content it cannot apply with AE + ERR, other messages with AR; the listener stays up', async () => {
    const mrn = uniqueName('BAD').toUpperCase();
    const noDob = await send(adt('A04', `PID|1||${mrn}^^^MAIN^MR||Doe^John`));
    expect(noDob.code).toBe('AE');
    expect(noDob.err).toMatch(/^ERR\|\|PID\^1\^7\|101\^Required field missing\^HL70357\|E/);
    expect(await findPatient(mrn)).toBeUndefined();

    const oru = Hl7Message.parse(
      `MSH|^~\\&|LAB|MAIN|DICTUM|MAIN|20261206||ORU^R01|X${seq++}|P|2.5.1\rPID|1||${mrn}`,
    );
    const refused = await send(oru);
    expect(refused.code).toBe('AR');
    expect(refused.err).toContain('200^Unsupported message type');

    // Not HL7 at all, on a raw socket: an AR comes back and the connection stays usable.
    const raw = net.connect({ host: '127.0.0.1', port: listener.port });
    const answer = await new Promise<string>((resolve, reject) => {
      let data = '';
      raw.on('data', (c) => {
        data += c.toString('utf8');
        if (data.includes('\x1c\r')) resolve(data);
      });
      raw.on('error', reject);
      raw.write('\x0bHELLO WORLD\x1c\r');
    });
    raw.destroy();
    expect(answer).toMatch(/MSA\|AR\|/);
    expect(answer).toContain('100^Segment sequence error');

    const ok = uniqueName('OK').toUpperCase();
    expect((await send(adt('A01', `PID|1||${ok}^^^MAIN^MR||Still^Up||19900101|U`))).code).toBe('AA');
    expect((await findPatient(ok))?.name).toBe('Still, Up');
  });

  it('applies messages for one patient in arrival order', async () => {
    const mrn = uniqueName('ORD').toUpperCase();
    const names = ['First', 'Second', 'Third', 'Fourth', 'Fifth'];
    const messages = names.map((n, i) =>
      adt(i === 0 ? 'A04' : 'A08', `PID|1||${mrn}^^^MAIN^MR||${n}^Pat||19900101|U`, [], `2026120611000${i}`),
    );
    // Pipelined in one write on one raw connection (Hl7Client reads one ACK per TCP chunk, so it
    // cannot take answers that arrive together): each is ACKed in order, and the last one wins.
    const acks = await pipelined(messages.map((m) => m.toString()));
    expect(acks.map((a) => a.code)).toEqual(['AA', 'AA', 'AA', 'AA', 'AA']);
    expect(acks.map((a) => a.controlId)).toEqual(
      messages.map((m) => m.getSegment('MSH')?.getField(10).toString()),
    );
    expect((await findPatient(mrn))?.name).toBe('Fifth, Pat');
  });
});
