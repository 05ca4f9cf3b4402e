import { describe, expect, it } from 'vitest';
import { calls, enclosed, readSource, sourceFiles } from '../support/source-scan';

// One writer per lifecycle: the status of a Dictation, Document or Delivery changes only in its
// lifecycle module (a guarded, conditional, audited transition). This reads every source file and
// fails on any other update that sets `status`, through Prisma or in raw SQL.

const LIFECYCLE_MODULES = new Set([
  'core/src/domain/dictation/transition-dictation.ts',
  'core/src/domain/document/transition-document.ts',
  'core/src/domain/delivery/transition-delivery.ts',
]);

export function statusWrites(text: string): string[] {
  const found: string[] = [];
  for (const { match: m, args } of calls(
    text,
    /\.(dictation|document|delivery)\.(update|updateMany|upsert)\s*\(/g,
  )) {
    const key = /\b(data|update|create)\s*:\s*\{/g;
    for (let k = key.exec(args); k; k = key.exec(args)) {
      const data = enclosed(args, k.index + k[0].length - 1);
      if (/(^|[\s,{])status\s*(:|,|\}|$)/.test(data)) {
        found.push(`${m[1]}.${m[2]}`);
        break;
      }
    }
  }
  const sql = /UPDATE\s+"?(Dictation|Document|Delivery)"?\s+(\w+\s+)?SET[\s\S]{0,400}?"status"\s*=/gi;
  for (let m = sql.exec(text); m; m = sql.exec(text)) found.push(`SQL UPDATE ${m[1]}`);
  return found;
}

describe('lifecycle status writers', () => {
  it('the detector sees the ways a status can be written', () => {
    expect(statusWrites(`await tx.document.update({ where: { id }, data: { status: 'FILED' } })`)).toEqual([
      'document.update',
    ]);
    expect(statusWrites(`db.delivery.updateMany({ where: {}, data: { attempts: 1, status } })`)).toEqual([
      'delivery.updateMany',
    ]);
    expect(statusWrites('UPDATE "Dictation" d SET "assigneeId" = NULL, "status" = \'QUEUED\'')).toEqual([
      'SQL UPDATE Dictation',
    ]);
    expect(statusWrites(`tx.dictation.update({ where: { id, status: 'IN_EDIT' }, data: { note } })`)).toEqual(
      [],
    );
  });

  it('the scan reads each lifecycle module and sees its status writes (the scan works)', () => {
    const files = sourceFiles();
    for (const rel of LIFECYCLE_MODULES) {
      expect(files).toContain(rel);
      expect(statusWrites(readSource(rel)), rel).not.toEqual([]);
    }
  });

  it('no file outside the lifecycle modules writes the status of a dictation, document or delivery', () => {
    const offenders: string[] = [];
    for (const rel of sourceFiles()) {
      if (LIFECYCLE_MODULES.has(rel)) continue;
      for (const write of statusWrites(readSource(rel))) offenders.push(`${rel}: ${write}`);
    }
    expect(offenders).toEqual([]);
  });
});
