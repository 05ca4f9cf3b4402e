import type { Db } from '@dictum/core/infra/db/client';
import { expect } from 'vitest';
import type { SignedInUser } from './api-harness';

/**
 * A dictation row as the worker leaves it (DRAFT_READY with one engine draft), for tests of the
 * editing workflow that do not need to run speech recognition.
 */
export async function draftReadyDictation(
  db: Db,
  input: {
    authorId: string;
    patientMrn: string;
    workType?: string;
    text?: string;
    status?: 'DRAFT_READY' | 'TRANSCRIPTION_FAILED';
  },
) {
  const patient = await db.patient.findUniqueOrThrow({ where: { mrn: input.patientMrn } });
  const workType = await db.workType.findUniqueOrThrow({ where: { code: input.workType ?? 'PROGRESS' } });
  const text = input.text ?? 'patient seen today for follow up blood pressure is stable';
  const words = text
    .split(' ')
    .map((w, i) => ({ text: w, start: i * 0.5, end: i * 0.5 + 0.4, confidence: 0.9 }));
  const status = input.status ?? 'DRAFT_READY';
  const d = await db.dictation.create({
    data: {
      authorId: input.authorId,
      patientId: patient.id,
      workTypeId: workType.id,
      priority: 'ROUTINE',
      status,
      dictatedAt: new Date(),
      dueAt: new Date(Date.now() + 86_400_000),
      audioSha256: '0'.repeat(64),
      audioContentType: 'audio/wav',
      audioSizeBytes: 1000n,
      durationSec: words.length * 0.5,
      ...(status === 'DRAFT_READY'
        ? {
            transcriptVersions: {
              create: { version: 1, source: 'engine', text, words, engine: 'pocketsphinx', engineRun: 1 },
            },
          }
        : { statusReason: 'ENGINE_UNAVAILABLE' }),
    },
  });
  return d.id;
}

/** The claimant leaves a blank and routes it to the author as a question: the blank's id. */
export async function askAuthor(
  mt: SignedInUser,
  dictationId: string,
  blank: { position: number; audioTime: number; note?: string },
): Promise<string> {
  const created = await mt.request({
    method: 'POST',
    url: `/api/v1/dictations/${dictationId}/blanks`,
    payload: blank,
  });
  expect(created.statusCode, created.body).toBe(201);
  const routed = await mt.request({
    method: 'PATCH',
    url: `/api/v1/dictations/${dictationId}/blanks/${created.json().id}`,
    payload: { status: 'ROUTED_TO_AUTHOR' },
  });
  expect(routed.statusCode).toBe(200);
  return created.json().id as string;
}
