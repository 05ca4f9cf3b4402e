import type { Role } from '@dictum/core/domain/dictation/state-machine';
import { type AppConfig, loadConfig } from '@dictum/core/infra/config';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll } from 'vitest';
import { closeWorkerContext, createWorkerContext, type WorkerContext } from '../../worker/src/context';
import { runWorkers } from '../../worker/src/run-workers';
import {
  createTestApp,
  createTestPatient,
  createTestWorkType,
  type SignedInUser,
  signedInUser,
  type TestApp,
} from './api-harness';

// The preamble test files share: the app, one signed-in user per name, a patient and a work type of
// the file's own. The returned objects are filled in by a beforeAll, so a test file declares them
// in one statement and uses them as it did its own variables; the app closes in an afterAll.

export interface TestPatient {
  mrn: string;
  name: string;
}

export interface TestWorkType {
  id: string;
  code: string;
  name: string;
}

/** One user per role, named by the role, for tests that go through every role. */
export const ONE_PER_ROLE = {
  PHYSICIAN: 'PHYSICIAN',
  TRANSCRIPTIONIST: 'TRANSCRIPTIONIST',
  RECORDS: 'RECORDS',
  ADMIN: 'ADMIN',
} as const satisfies Record<Role, Role>;

export interface TestAppOptions<U extends Record<string, Role>> {
  /** Settings for this app; a function when they are known only once earlier hooks have run. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** The users to sign in, by the name the test uses, one after another (sign-ins hash passwords). */
  users?: U;
  /** A patient of the file's own (true), or with this name. */
  patient?: boolean | { name: string };
  /** A work type of the file's own (true), or one whose code starts with this. */
  workType?: boolean | string;
}

export type TestAppFixtures<U extends Record<string, Role>> = {
  t: TestApp;
  patient: TestPatient;
  workType: TestWorkType;
} & { [K in keyof U]: SignedInUser };

export function useTestApp<U extends Record<string, Role> = Record<never, Role>>(
  options: TestAppOptions<U> = {},
): TestAppFixtures<U> {
  const t = {} as TestApp;
  const patient = {} as TestPatient;
  const workType = {} as TestWorkType;
  const users = Object.fromEntries(Object.keys(options.users ?? {}).map((name) => [name, {}])) as Record<
    keyof U,
    SignedInUser
  >;
  beforeAll(async () => {
    const env = typeof options.env === 'function' ? options.env() : options.env;
    Object.assign(t, await createTestApp(env));
    for (const [name, role] of Object.entries(options.users ?? {}))
      Object.assign(users[name as keyof U], await signedInUser(t, role));
    if (options.patient)
      Object.assign(patient, await createTestPatient(t, options.patient === true ? {} : options.patient));
    if (options.workType)
      Object.assign(
        workType,
        await createTestWorkType(t, options.workType === true ? undefined : options.workType),
      );
  });
  afterAll(async () => {
    if ('close' in t) await t.close();
  });
  return { t, patient, workType, ...users } as TestAppFixtures<U>;
}

/**
 * A worker context of the file's own (its own pool, Redis connection and queues), filled in by a
 * beforeAll, for tests that call job handlers directly; by default with the test settings.
 */
export function useWorkerContext(config: () => AppConfig = () => loadConfig(process.env)): WorkerContext {
  const worker = {} as WorkerContext;
  beforeAll(() => {
    Object.assign(worker, createWorkerContext(config()));
  });
  afterAll(async () => {
    if ('db' in worker) await closeWorkerContext(worker);
  });
  return worker;
}

/** The real worker (every job of the registry, on BullMQ) for the file's app, stopped before it. */
export function useRunningWorkers(t: TestApp) {
  const worker = useWorkerContext(() => t.ctx.config);
  let workers: Worker[] = [];
  beforeAll(() => {
    workers = runWorkers(worker, { lockDurationMs: 5000 });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
  });
}
