import { randomUUID } from 'node:crypto';
import { createTestPatient, createUserAccount, type TestApp } from './api-harness';

/**
 * A FILED note (its own author, patient and PROGRESS dictation) written straight to the database,
 * for delivery tests that need a document to deliver but not the workflow that produces it.
 */
export async function filedDocument(t: TestApp, numberPrefix: string) {
  const db = t.ctx.db;
  const author = await createUserAccount(t.ctx, 'PHYSICIAN');
  const patient = await db.patient.findUniqueOrThrow({ where: { mrn: (await createTestPatient(t)).mrn } });
  const workType = await db.workType.findUniqueOrThrow({ where: { code: 'PROGRESS' } });
  const dictation = await db.dictation.create({
    data: {
      authorId: author.id,
      patientId: patient.id,
      workTypeId: workType.id,
      priority: 'ROUTINE',
      status: 'FILED',
      dictatedAt: new Date(),
      dueAt: new Date(Date.now() + 86_400_000),
      audioSha256: '0'.repeat(64),
      audioContentType: 'audio/wav',
      audioSizeBytes: 1000n,
    },
  });
  return db.document.create({
    data: {
      number: `${numberPrefix}-${randomUUID().slice(0, 12)}`,
      dictationId: dictation.id,
      patientId: patient.id,
      workTypeId: workType.id,
      status: 'FILED',
      text: 'a filed note',
      authorId: author.id,
      finalizedById: author.id,
      filedAt: new Date(),
      linesWithSpaces: 1,
      linesVisible: 1,
    },
  });
}
