import { randomUUID } from 'node:crypto';
import { systemActor } from '@dictum/core/actor';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import { expect } from 'vitest';
import { createUser } from '../../api/src/services/admin/manage-users';
import { HttpClient } from '../support/http-client';
import { createPrivateDatabase } from '../support/private-database';
import {
  freePort,
  type ServiceProcess,
  startService,
  waitFor,
  waitForHealthy,
} from '../support/service-processes';

export const PASSWORD = 'correct-horse-battery-staple';

/** A running stack (API + worker processes) on this test file's own queue prefix and storage. */
export async function startStack(env: Record<string, string> = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const database = await createPrivateDatabase();
  const fullEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    WORKER_LOCK_MS: '3000',
    SWEEP_INTERVAL_MS: '2000',
    ...env,
  };
  const api = startService('api', fullEnv);
  let worker: ServiceProcess = startService('worker', fullEnv);
  await waitForHealthy(baseUrl);
  const db: Db = createDb(database.url, { max: 3 });
  const stack = {
    baseUrl,
    db,
    api,
    get worker() {
      return worker;
    },
    restartWorker(extraEnv: Record<string, string> = {}) {
      worker = startService('worker', { ...fullEnv, ...extraEnv });
      return worker;
    },
    async user(role: 'PHYSICIAN' | 'TRANSCRIPTIONIST' | 'RECORDS' | 'ADMIN') {
      const username = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}`;
      await createUser(db, systemActor('test'), { username, role, password: PASSWORD });
      return new HttpClient(baseUrl).login(username, PASSWORD);
    },
    async patient(name = 'Canary Testpatient') {
      const mrn = `E2E${randomUUID().slice(0, 8).toUpperCase()}`;
      await db.patient.create({
        data: { mrn, name, birthDate: new Date('1950-01-02T00:00:00Z'), sex: 'male' },
      });
      return mrn;
    },
    async waitForStatus(client: HttpClient, id: string, statuses: string[], timeoutMs = 90_000) {
      return waitFor(
        `dictation ${id} to reach ${statuses.join('|')}`,
        async () => {
          const { body } = await client.json(`/api/v1/dictations/${id}`);
          return statuses.includes(body.status) ? body : undefined;
        },
        timeoutMs,
        250,
      );
    },
    /**
     * A physician's dictation of `file` for a new patient, uploaded and transcribed: its id and the
     * dictation as the API shows it once the worker is done (expected DRAFT_READY).
     */
    async dictateToDraft(physician: HttpClient, file: string) {
      const upload = await physician.uploadDictation(file, {
        patientMrn: await stack.patient(),
        workType: 'PROGRESS',
        priority: 'ROUTINE',
      });
      expect(upload.status).toBe(201);
      const dictation = await stack.waitForStatus(physician, upload.body.id, [
        'DRAFT_READY',
        'TRANSCRIPTION_FAILED',
      ]);
      expect(dictation.status).toBe('DRAFT_READY');
      return { id: upload.body.id as string, dictation };
    },
    async stop() {
      await Promise.all([api.stop(), worker.stop()]);
      await db.$disconnect();
      await database.drop();
    },
  };
  return stack;
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

export const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
