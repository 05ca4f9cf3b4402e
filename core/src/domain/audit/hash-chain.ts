import { createHash } from 'node:crypto';

// Each audit row stores sha256(prevHash + canonical content). Changing any field of any row, or
// removing a row, breaks the chain from that row on.

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: Date;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  patientMrn: string | null;
  ip: string | null;
  requestId: string | null;
  details: unknown;
}

/** JSON with object keys sorted, so jsonb's key reordering cannot change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashAuditRow(prevHash: string, row: AuditContent): string {
  const content = canonicalJson({
    at: row.at.toISOString(),
    userId: row.userId,
    username: row.username,
    role: row.role,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    patientId: row.patientId,
    patientMrn: row.patientMrn,
    ip: row.ip,
    requestId: row.requestId,
    details: row.details ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}
