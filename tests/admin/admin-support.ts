import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { SignedInUser, TestApp } from '../support/api-harness';

export const nonAdminRoles = ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'] as const;

/** 401 without a session, 403 for every signed-in role but ADMIN; nothing else is looked at first. */
export async function expectAdminOnly(
  t: TestApp,
  users: Record<(typeof nonAdminRoles)[number], SignedInUser>,
  requests: InjectOptions[],
) {
  for (const options of requests) {
    const anonymous = await t.app.inject(options);
    expect(anonymous.statusCode, `${options.method} ${options.url} anonymous`).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    for (const role of nonAdminRoles) {
      const res = await users[role].request(options);
      expect(res.statusCode, `${options.method} ${options.url} as ${role}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  }
}

/** The audit rows one admin wrote for an action, oldest first. */
export function auditRows(t: TestApp, username: string, action: string) {
  return t.ctx.db.auditEvent.findMany({ where: { username, action }, orderBy: { id: 'asc' } });
}

/** One user per role, by the names the admin tests use, for useTestApp. */
export const EVERY_ROLE = {
  admin: 'ADMIN',
  physician: 'PHYSICIAN',
  transcriptionist: 'TRANSCRIPTIONIST',
  records: 'RECORDS',
} as const;

/** The non-admin users by role, as expectAdminOnly takes them. */
export const nonAdmins = (users: Record<'physician' | 'transcriptionist' | 'records', SignedInUser>) => ({
  PHYSICIAN: users.physician,
  TRANSCRIPTIONIST: users.transcriptionist,
  RECORDS: users.records,
});
