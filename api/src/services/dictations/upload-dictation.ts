import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AudioUndecodableError, probeAudio } from '@dictum/core/capability/audio/probe-audio';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { enqueueTranscription } from '@dictum/core/domain/dictation/enqueue-transcription';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { AppError } from '@dictum/core/errors';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { encounterIdFor } from '../patients/encounter-id';
import { findPatientByMrn } from '../patients/find-patient-by-mrn';
import { isUniqueViolation } from '../writes/unique-write';
import { type ReceivedAudio, receiveAudio } from './receive-audio';
import { parseUploadFields, type UploadFields } from './upload-fields';

export interface UploadResult {
  id: string;
  status: string;
  replayed: boolean;
  possibleDuplicate: boolean;
}

/**
 * A physician's upload: stream the audio to storage, check it is decodable audio, validate the
 * fields and references, then create the dictation and queue its transcription. Any rejection
 * leaves no dictation row and no stored object behind.
 */
export async function uploadDictation(
  ctx: AppContext,
  actor: UserActor,
  parts: AsyncIterable<Multipart>,
  idempotencyKey: string | undefined,
): Promise<UploadResult> {
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1-200 visible ASCII characters');
  }
  const replay = idempotencyKey ? await findByIdempotencyKey(ctx, actor, idempotencyKey) : null;
  const workDir = await mkdtemp(path.join(tmpdir(), 'dictum-upload-'));
  let audio: ReceivedAudio | null = null;
  try {
    const fields: Record<string, string> = {};
    let validated: UploadFields | null = null;
    let sawAudio = false;
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      const file = part as MultipartFile;
      if (file.fieldname !== 'audio' || sawAudio || replay) {
        await drain(file);
        sawAudio ||= file.fieldname === 'audio';
        continue;
      }
      sawAudio = true;
      // Fields sent before the file (the usual order) are checked before a byte is stored.
      if (fields.patientMrn !== undefined) validated = parseUploadFields(fields);
      audio = await receiveAudio(ctx.store, file.file, path.join(workDir, 'probe'));
      if (file.file.truncated) throw tooLarge();
    }
    if (replay) return { id: replay.id, status: replay.status, replayed: true, possibleDuplicate: false };
    if (!sawAudio) throw new AppError('VALIDATION_FAILED', 'invalid or missing: audio');
    validated ??= parseUploadFields(fields);
    const refs = await resolveReferences(ctx, validated);
    const probe = await probeAudio(path.join(workDir, 'probe'), ctx.config.audio.ffprobeBin, {
      ffmpegBin: ctx.config.audio.ffmpegBin,
      maxDurationSec: ctx.config.upload.maxDurationSec,
    }).catch((error: unknown) => {
      if (error instanceof AudioUndecodableError) {
        throw new AppError('AUDIO_UNDECODABLE', 'the audio could not be decoded');
      }
      throw error;
    });
    if (probe.durationSec > ctx.config.upload.maxDurationSec) {
      throw new AppError(
        'AUDIO_TOO_LONG',
        `the recording is longer than ${ctx.config.upload.maxDurationSec} seconds`,
      );
    }
    const created = await createDictationRow(ctx, actor, {
      ...validated,
      ...refs,
      idempotencyKey,
      audio: audio!,
      probe,
    });
    if (created.replayOf) {
      await ctx.store.delete(audio!.key).catch(() => {});
      return {
        id: created.replayOf.id,
        status: created.replayOf.status,
        replayed: true,
        possibleDuplicate: false,
      };
    }
    audio = null; // committed: the object now belongs to the dictation
    await enqueueTranscription(
      ctx.queues,
      { dictationId: created.id, audioVersion: created.audioVersion, run: created.transcriptionRun },
      actor.requestId,
    );
    return {
      id: created.id,
      status: created.status,
      replayed: false,
      possibleDuplicate: created.possibleDuplicate,
    };
  } catch (error) {
    if (isFileTooLarge(error)) throw tooLarge();
    throw error;
  } finally {
    if (audio) await ctx.store.delete(audio.key).catch(() => {});
    await rm(workDir, { recursive: true, force: true });
  }
}

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 'the upload is larger than allowed');
const isFileTooLarge = (error: unknown) =>
  (error as { code?: string })?.code === 'FST_REQ_FILE_TOO_LARGE' ||
  (error as { statusCode?: number })?.statusCode === 413;

async function drain(file: MultipartFile) {
  for await (const _chunk of file.file) {
    // discard
  }
}

function findByIdempotencyKey(ctx: AppContext, actor: UserActor, key: string) {
  return ctx.db.dictation.findUnique({
    where: { authorId_idempotencyKey: { authorId: actor.userId, idempotencyKey: key } },
    select: { id: true, status: true },
  });
}

async function resolveReferences(ctx: AppContext, fields: UploadFields) {
  const [patient, workType] = await Promise.all([
    findPatientByMrn(ctx.db, fields.patientMrn),
    ctx.db.workType.findFirst({
      where: { code: { equals: fields.workType, mode: 'insensitive' }, active: true },
      select: { id: true, tatStatHours: true, tatRoutineHours: true },
    }),
  ]);
  if (!patient) throw new AppError('UNKNOWN_PATIENT', 'no patient has this MRN');
  if (!workType) throw new AppError('UNKNOWN_WORK_TYPE', 'no work type has this code');
  return { patient, workType };
}

interface NewDictation extends Omit<UploadFields, 'workType'>, Awaited<ReturnType<typeof resolveReferences>> {
  idempotencyKey: string | undefined;
  audio: ReceivedAudio;
  probe: { durationSec: number; codec: string };
}

async function createDictationRow(ctx: AppContext, actor: UserActor, input: NewDictation) {
  const dictatedAt = input.dictatedAt ?? new Date();
  const tatHours = input.priority === 'STAT' ? input.workType.tatStatHours : input.workType.tatRoutineHours;
  const duplicate = await ctx.db.dictation.findFirst({
    where: { authorId: actor.userId, audioSha256: input.audio.sha256 },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  try {
    return await ctx.db.$transaction(async (tx) => {
      const encounterId = input.encounter
        ? await encounterIdFor(tx, input.patient.id, input.encounter)
        : null;
      const row = await tx.dictation.create({
        data: {
          authorId: actor.userId,
          patientId: input.patient.id,
          encounterId,
          workTypeId: input.workType.id,
          priority: input.priority,
          dictatedAt,
          dueAt: new Date(dictatedAt.getTime() + tatHours * 3_600_000),
          audioKey: input.audio.key,
          audioSha256: input.audio.sha256,
          audioContentType: input.audio.contentType,
          audioSizeBytes: BigInt(input.audio.sizeBytes),
          audioCodec: input.probe.codec,
          durationSec: input.probe.durationSec,
          idempotencyKey: input.idempotencyKey ?? null,
          possibleDuplicateOfId: duplicate?.id ?? null,
        },
        select: { id: true, audioVersion: true, transcriptionRun: true },
      });
      await recordAuditEvent(tx, actor, {
        action: 'dictation.uploaded',
        objectType: 'dictation',
        objectId: row.id,
        patient: input.patient,
        details: {
          sizeBytes: input.audio.sizeBytes,
          durationSec: input.probe.durationSec,
          possibleDuplicateOf: duplicate?.id,
        },
      });
      const { to } = await transitionDictation(tx, {
        dictationId: row.id,
        event: { type: 'enqueue' },
        actor: systemFor(actor),
      });
      return {
        id: row.id,
        audioVersion: row.audioVersion,
        transcriptionRun: row.transcriptionRun,
        status: to as string,
        possibleDuplicate: duplicate !== null,
        replayOf: null,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.idempotencyKey) {
      const winner = await findByIdempotencyKey(ctx, actor, input.idempotencyKey);
      if (winner)
        return { id: winner.id, status: winner.status as string, possibleDuplicate: false, replayOf: winner };
    }
    throw error;
  }
}

// Queueing is the system's step, on behalf of the uploading request.
const systemFor = (actor: UserActor) => ({
  kind: 'system' as const,
  name: 'upload',
  requestId: actor.requestId,
});
