import { Readable } from 'node:stream';
import { peaksObjectKey } from '@dictum/core/capability/audio/peaks-key';
import { newObjectKey } from '@dictum/core/infra/storage/object-store';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedInUser } from '../support/api-harness';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { ONE_PER_ROLE, useTestApp } from '../support/use-test-app';

// Every route that takes a dictation id × every role × own or another physician's dictation.
// Authentication first (401), then role (403), then object visibility (404 — never 403, so ids
// cannot be probed).

type Role = 'PHYSICIAN' | 'TRANSCRIPTIONIST' | 'RECORDS' | 'ADMIN';
interface RouteCase {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  roles: Role[];
  /** The author may reach it (physicians reach only their own). */
  authorOnly?: boolean;
  body?: object;
}

const routes: RouteCase[] = [
  { method: 'GET', path: '', roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] },
  { method: 'GET', path: '/audio', roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] },
  { method: 'GET', path: '/peaks', roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] },
  { method: 'GET', path: '/transcript', roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] },
  { method: 'GET', path: '/transcript/versions', roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] },
  { method: 'GET', path: '/blanks', roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] },
  { method: 'POST', path: '/claim', roles: ['TRANSCRIPTIONIST'] },
  { method: 'POST', path: '/release', roles: ['TRANSCRIPTIONIST', 'ADMIN'] },
  { method: 'POST', path: '/finalize', roles: ['TRANSCRIPTIONIST'] },
  { method: 'PUT', path: '/transcript', roles: ['TRANSCRIPTIONIST'], body: { text: 'x' } },
  { method: 'POST', path: '/blanks', roles: ['TRANSCRIPTIONIST'], body: { position: 0, audioTime: 0 } },
  { method: 'POST', path: '/sign', roles: ['PHYSICIAN'], authorOnly: true },
  { method: 'POST', path: '/cancel', roles: ['PHYSICIAN'], authorOnly: true },
];

const { t, patient, otherPhysician, PHYSICIAN, TRANSCRIPTIONIST, RECORDS, ADMIN } = useTestApp({
  users: { ...ONE_PER_ROLE, otherPhysician: 'PHYSICIAN' },
  patient: true,
});
const users: Record<Role, SignedInUser> = { PHYSICIAN, TRANSCRIPTIONIST, RECORDS, ADMIN };
let ownId: string;
let otherId: string;

beforeAll(async () => {
  ownId = await draftReadyDictation(t.ctx.db, { authorId: users.PHYSICIAN.id, patientMrn: patient.mrn });
  otherId = await draftReadyDictation(t.ctx.db, { authorId: otherPhysician.id, patientMrn: patient.mrn });
  for (const id of [ownId, otherId]) {
    // Real stored audio and peaks, so a 404 can only mean "not visible to you".
    const audioKey = newObjectKey('audio');
    await t.ctx.store.put(audioKey, Readable.from([Buffer.from('RIFF....WAVEfmt ')]));
    await t.ctx.store.put(
      peaksObjectKey(id, 1),
      Readable.from([Buffer.from('{"durationSec":1,"peaks":[0.1]}')]),
    );
    await t.ctx.db.dictation.update({ where: { id }, data: { audioKey } });
  }
});

const call = (user: SignedInUser | null, route: RouteCase, id: string) => {
  const options = {
    method: route.method,
    url: `/api/v1/dictations/${id}${route.path}`,
    headers: route.method === 'PUT' ? { 'if-match': '"1"' } : {},
    ...(route.body ? { payload: route.body } : {}),
  };
  return user ? user.request(options) : t.app.inject(options);
};

describe.each(routes)('$method /dictations/:id$path', (route) => {
  it('is 401 without a session', async () => {
    expect((await call(null, route, otherId)).statusCode).toBe(401);
  });

  it.each(['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS', 'ADMIN'] as const)('as %s', async (role) => {
    const user = users[role];
    const other = await call(user, route, otherId);
    const unknown = await call(user, route, '00000000-0000-4000-8000-000000000000');
    if (!route.roles.includes(role)) {
      expect(other.statusCode).toBe(403);
      return;
    }
    expect(unknown.statusCode).toBe(404);
    if (role === 'PHYSICIAN') {
      // Another physician's dictation does not exist for this caller.
      expect(other.statusCode).toBe(404);
      const own = await call(user, route, ownId);
      expect(own.statusCode).not.toBe(404);
      expect(own.statusCode).not.toBe(403);
    } else {
      expect([403, 404]).not.toContain(other.statusCode);
    }
  });
});
