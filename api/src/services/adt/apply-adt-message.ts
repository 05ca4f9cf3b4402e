import { randomBytes } from 'node:crypto';
import { systemActor } from '@dictum/core/actor';
import { type AckError, buildAck } from '@dictum/core/capability/interop/hl7-ack';
import {
  component,
  type Er7Message,
  field,
  parseEr7,
  parseHl7Date,
  repetitions,
  segment,
} from '@dictum/core/capability/interop/hl7-er7';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { Db, Tx } from '@dictum/core/infra/db/client';
import type { Logger } from '@dictum/core/infra/logger';

// Inbound ADT (HL7 v2 over MLLP): A01/A04/A05/A08/A31 create or update the patient and the visit
// from PID/PV1; A40 merges the prior MRN (MRG-1) into the surviving one (PID-3). Every message is
// answered (AA applied; AE content we cannot apply, with ERR; AR a message we do not take) and
// logged with its ACK. Messages for one MRN are applied one after another in arrival order.

export interface AdtContext {
  db: Db;
  log: Logger;
  config: { organization: { id: string }; hl7Listener: { mrnAuthority?: string } };
}

const UPDATE_EVENTS = new Set(['A01', 'A04', 'A05', 'A08', 'A31']);
const MERGE_EVENTS = new Set(['A40']);

class AdtReject extends Error {
  constructor(
    readonly ack: 'AE' | 'AR',
    readonly error: AckError,
  ) {
    super(error.text);
  }
}

// Per MRN, a promise chain: a message waits for the previous one of the same patient (arrival
// order), messages of other patients run alongside. The database advisory lock covers several API
// instances.
const chains = new Map<string, Promise<unknown>>();
function inOrder<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  chains.set(key, next);
  void next
    .finally(() => {
      if (chains.get(key) === next) chains.delete(key);
    })
    .catch(() => undefined);
  return next;
}

/** One inbound message in, its ACK out. Never throws: an unexpected error is an AE 207. */
export async function handleInboundHl7(ctx: AdtContext, raw: string): Promise<string> {
  const msg = parseEr7(raw);
  const ackControlId = `A${randomBytes(9).toString('hex').toUpperCase()}`;
  if (!msg) {
    const ack = buildAck({
      code: 'AR',
      controlId: '',
      ackControlId,
      error: { code: '100', text: 'no MSH segment: not an HL7 v2 message', location: 'MSH' },
    });
    await logInbound(ctx, { raw, outcome: 'REJECTED', ackCode: 'AR', error: '100 no MSH segment' });
    return ack;
  }
  const msh = segment(msg, 'MSH');
  const controlId = component(msg, msh, 10);
  const type = component(msg, msh, 9, 1);
  const trigger = component(msg, msh, 9, 2);
  const inbound = {
    sendingApp: field(msh, 3),
    sendingFacility: field(msh, 4),
    receivingApp: field(msh, 5),
    receivingFacility: field(msh, 6),
  };
  const answer = (code: 'AA' | 'AE' | 'AR', error?: AckError, text?: string) =>
    buildAck({ code, controlId, inbound, trigger, version: field(msh, 12), ackControlId, error, text });
  const messageType = `${type}^${trigger}`.slice(0, 20);

  try {
    if (!controlId)
      throw new AdtReject('AR', {
        code: '101',
        text: 'MSH-10 (message control id) is missing',
        location: 'MSH^1^10',
      });
    if (type !== 'ADT')
      throw new AdtReject('AR', {
        code: '200',
        text: `message type ${type.slice(0, 10)} is not accepted here (ADT only)`,
        location: 'MSH^1^9',
      });
    if (!UPDATE_EVENTS.has(trigger) && !MERGE_EVENTS.has(trigger))
      throw new AdtReject('AR', {
        code: '201',
        text: `ADT event ${trigger.slice(0, 10)} is not supported (A01, A04, A05, A08, A31, A40)`,
        location: 'MSH^1^9^2',
      });

    // A resent message (same sender and control id, already applied) is acknowledged, not reapplied.
    const seen = await ctx.db.hl7InboundMessage.findFirst({
      where: { controlId, outcome: 'APPLIED', messageType },
      select: { id: true, patientId: true },
    });
    if (seen) {
      await logInbound(ctx, {
        raw,
        controlId,
        messageType,
        outcome: 'DUPLICATE',
        ackCode: 'AA',
        patientId: seen.patientId,
      });
      return answer('AA', undefined, 'duplicate of a message already applied');
    }

    const mrn = pickMrn(msg, ctx.config.hl7Listener.mrnAuthority);
    if (!mrn)
      throw new AdtReject('AE', {
        code: '101',
        text: 'PID-3 has no medical record number',
        location: 'PID^1^3',
      });
    const sentAt = parseHl7Date(component(msg, msh, 7)) ?? new Date();
    const patientId = await inOrder(mrn, () =>
      ctx.db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`adt:${mrn}`}))`;
        const event = { msg, mrn, sentAt, controlId };
        return MERGE_EVENTS.has(trigger) ? applyMerge(tx, event) : applyUpdate(tx, event);
      }),
    );
    await logInbound(ctx, { raw, controlId, messageType, outcome: 'APPLIED', ackCode: 'AA', patientId });
    return answer('AA');
  } catch (error) {
    if (error instanceof AdtReject) {
      await logInbound(ctx, {
        raw,
        controlId,
        messageType,
        outcome: 'REJECTED',
        ackCode: error.ack,
        error: `${error.error.code} ${error.error.text}`,
      });
      return answer(error.ack, error.error);
    }
    ctx.log.error(
      { err: { name: (error as Error)?.name, code: (error as { code?: string })?.code } },
      'ADT message failed',
    );
    await logInbound(ctx, {
      raw,
      controlId,
      messageType,
      outcome: 'ERROR',
      ackCode: 'AE',
      error: '207 application error',
    });
    return answer('AE', { code: '207', text: 'the message could not be applied; it was logged' });
  }
}

/** PID-3: the repetition typed MR (and of the configured assigning authority), else the first. */
function pickMrn(msg: Er7Message, authority?: string): string | undefined {
  const ids = repetitions(msg, segment(msg, 'PID'), 3).filter((r) => r[0]);
  const match =
    ids.find(
      (r) => (!authority || r[3]?.split(msg.delimiters.subcomponent)[0] === authority) && r[4] === 'MR',
    ) ??
    (authority
      ? ids.find((r) => r[3]?.split(msg.delimiters.subcomponent)[0] === authority)
      : ids.find((r) => r[4] === 'MR')) ??
    (authority ? undefined : ids[0]);
  const mrn = match?.[0]?.trim();
  return mrn && mrn.length <= 64 ? mrn : undefined;
}

interface Demographics {
  name?: string;
  birthDate?: Date;
  sex?: 'male' | 'female' | 'other' | 'unknown';
}

function demographics(msg: Er7Message): Demographics {
  const pid = segment(msg, 'PID');
  const family = component(msg, pid, 5, 1);
  const given = [component(msg, pid, 5, 2), component(msg, pid, 5, 3)].filter(Boolean).join(' ');
  const dob = component(msg, pid, 7);
  let birthDate: Date | undefined;
  if (dob) {
    const m = /^(\d{4})(\d{2})(\d{2})/.exec(dob);
    birthDate = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : undefined;
    if (
      !birthDate ||
      Number.isNaN(birthDate.getTime()) ||
      birthDate.toISOString().slice(0, 10) !== `${m?.[1]}-${m?.[2]}-${m?.[3]}`
    )
      throw new AdtReject('AE', {
        code: '102',
        text: 'PID-7 is not a valid date of birth',
        location: 'PID^1^7',
      });
  }
  const sexCode = component(msg, pid, 8).toUpperCase();
  const sex =
    sexCode === 'M'
      ? 'male'
      : sexCode === 'F'
        ? 'female'
        : sexCode === 'O' || sexCode === 'A'
          ? 'other'
          : sexCode
            ? 'unknown'
            : undefined;
  return {
    // "Family, Given Middle": unambiguous for splitPersonName, the form the interop builders read.
    ...(family ? { name: given ? `${family}, ${given}` : family } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(sex ? { sex } : {}),
  };
}

const actor = (controlId: string) => systemActor('hl7-adt', controlId.slice(0, 100));

/** One accepted message: the patient it is about (PID-3), when it was sent (MSH-7), its MSH-10. */
interface AdtEvent {
  msg: Er7Message;
  mrn: string;
  sentAt: Date;
  controlId: string;
}

async function applyUpdate(tx: Tx, { msg, mrn, sentAt, controlId }: AdtEvent): Promise<string> {
  const d = demographics(msg);
  const existing = await tx.patient.findUnique({ where: { mrn }, select: { id: true, adtUpdatedAt: true } });
  let patientId: string;
  if (!existing) {
    if (!d.name)
      throw new AdtReject('AE', {
        code: '101',
        text: 'PID-5 (patient name) is missing',
        location: 'PID^1^5',
      });
    if (!d.birthDate)
      throw new AdtReject('AE', {
        code: '101',
        text: 'PID-7 (date of birth) is missing',
        location: 'PID^1^7',
      });
    const created = await tx.patient.create({
      data: { mrn, name: d.name, birthDate: d.birthDate, sex: d.sex ?? 'unknown', adtUpdatedAt: sentAt },
    });
    patientId = created.id;
    await recordAuditEvent(tx, actor(controlId), {
      action: 'patient.created',
      objectType: 'patient',
      objectId: patientId,
      patient: { id: patientId, mrn },
      details: { source: 'hl7-adt' },
    });
  } else {
    patientId = existing.id;
    // An update older than the last one applied (sent earlier, arrived later) must not undo it.
    if (!existing.adtUpdatedAt || existing.adtUpdatedAt <= sentAt) {
      const { count } = await tx.patient.updateMany({
        where: { id: patientId },
        data: { ...d, adtUpdatedAt: sentAt },
      });
      if (count)
        await recordAuditEvent(tx, actor(controlId), {
          action: 'patient.updated',
          objectType: 'patient',
          objectId: patientId,
          patient: { id: patientId, mrn },
          details: { source: 'hl7-adt', fields: Object.keys(d) },
        });
    }
  }
  await upsertVisit(tx, msg, patientId);
  return patientId;
}

/** PV1-19 visit number, PV1-3 location, PV1-44 admission time. */
async function upsertVisit(tx: Tx, msg: Er7Message, patientId: string) {
  const pv1 = segment(msg, 'PV1');
  const visitNumber = component(msg, pv1, 19);
  if (!visitNumber) return;
  const location =
    [1, 2, 3]
      .map((c) => component(msg, pv1, 3, c))
      .filter(Boolean)
      .join(' ') || null;
  const date = parseHl7Date(component(msg, pv1, 44)) ?? null;
  await tx.encounter.upsert({
    where: { patientId_visitNumber: { patientId, visitNumber: visitNumber.slice(0, 64) } },
    create: { patientId, visitNumber: visitNumber.slice(0, 64), location, date },
    update: { ...(location ? { location } : {}), ...(date ? { date } : {}) },
  });
}

/**
 * A40: the prior patient's (MRG-1) dictations, documents and visits move to the surviving patient
 * (PID-3); the prior record stays, marked merged into the survivor. A repeated merge finds nothing
 * left to move. Audited on both patients.
 */
async function applyMerge(tx: Tx, { msg, mrn, sentAt, controlId }: AdtEvent): Promise<string> {
  const priorMrn = component(msg, segment(msg, 'MRG'), 1);
  if (!priorMrn)
    throw new AdtReject('AE', {
      code: '101',
      text: 'MRG-1 (prior patient identifier) is missing',
      location: 'MRG^1^1',
    });
  if (priorMrn === mrn)
    throw new AdtReject('AE', {
      code: '102',
      text: 'MRG-1 names the surviving patient itself',
      location: 'MRG^1^1',
    });
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`adt:${priorMrn}`}))`;
  const prior = await tx.patient.findUnique({ where: { mrn: priorMrn } });
  let survivor = await tx.patient.findUnique({ where: { mrn } });
  if (!survivor) {
    if (!prior)
      throw new AdtReject('AE', {
        code: '103',
        text: 'neither the surviving nor the prior patient is known',
        location: 'PID^1^3',
      });
    const d = demographics(msg);
    survivor = await tx.patient.create({
      data: {
        mrn,
        name: d.name ?? prior.name,
        birthDate: d.birthDate ?? prior.birthDate,
        sex: d.sex ?? prior.sex,
        adtUpdatedAt: sentAt,
      },
    });
  }
  if (!prior || prior.mergedIntoId === survivor.id) return survivor.id;
  const survivorId = survivor.id;

  // Visits: moved unless the survivor has the same visit number; then the prior's notes point at it.
  const priorVisits = await tx.encounter.findMany({ where: { patientId: prior.id } });
  for (const visit of priorVisits) {
    const twin = await tx.encounter.findUnique({
      where: { patientId_visitNumber: { patientId: survivorId, visitNumber: visit.visitNumber } },
      select: { id: true },
    });
    if (!twin) {
      await tx.encounter.update({ where: { id: visit.id }, data: { patientId: survivorId } });
      continue;
    }
    await tx.dictation.updateMany({ where: { encounterId: visit.id }, data: { encounterId: twin.id } });
    await tx.document.updateMany({ where: { encounterId: visit.id }, data: { encounterId: twin.id } });
  }
  const dictations = await tx.dictation.updateMany({
    where: { patientId: prior.id },
    data: { patientId: survivorId },
  });
  const documents = await tx.document.updateMany({
    where: { patientId: prior.id },
    data: { patientId: survivorId },
  });
  await tx.patient.update({
    where: { id: prior.id },
    data: { mergedIntoId: survivorId, mergedAt: new Date() },
  });
  const details = { source: 'hl7-adt', dictations: dictations.count, documents: documents.count };
  await recordAuditEvent(tx, actor(controlId), {
    action: 'patient.merged',
    objectType: 'patient',
    objectId: survivorId,
    patient: { id: survivorId, mrn },
    details: { ...details, priorPatientId: prior.id },
  });
  await recordAuditEvent(tx, actor(controlId), {
    action: 'patient.merged_away',
    objectType: 'patient',
    objectId: prior.id,
    patient: { id: prior.id, mrn: prior.mrn },
    details: { ...details, survivingPatientId: survivorId },
  });
  return survivorId;
}

async function logInbound(
  ctx: AdtContext,
  row: {
    raw: string;
    controlId?: string;
    messageType?: string;
    outcome: string;
    ackCode: string;
    error?: string;
    patientId?: string | null;
  },
) {
  await ctx.db.hl7InboundMessage
    .create({
      data: {
        raw: row.raw.slice(0, 1_000_000),
        controlId: row.controlId?.slice(0, 200) || null,
        messageType: row.messageType ?? null,
        outcome: row.outcome,
        ackCode: row.ackCode,
        error: row.error?.slice(0, 500) ?? null,
        patientId: row.patientId ?? null,
      },
    })
    .catch((error: unknown) =>
      ctx.log.error({ err: { name: (error as Error)?.name } }, 'could not write the inbound HL7 log'),
    );
}
