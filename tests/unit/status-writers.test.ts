import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One writer per lifecycle: the status of a Dictation, Document or Delivery changes only in its
// lifecycle module (a guarded, conditional, audited transition). This reads every source file and
// fails on any other update that sets `status`, through Prisma or in raw SQL.

const ROOT = path.resolve(import.meta.dirname, '../..');
const LIFECYCLE_MODULES = new Set([
  'core/src/domain/dictation/transition-dictation.ts',
  'core/src/domain/document/transition-document.ts',
  'core/src/domain/delivery/transition-delivery.ts',
]);
const SOURCE_DIRS = ['api/src', 'worker/src', 'core/src'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === 'generated' || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** The text of the call's argument list starting at `open` (the index of its `(`). */
function callArguments(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** The text inside the `{...}` that opens at `open`, nested braces included. */
function balancedBraces(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

export function statusWrites(text: string): string[] {
  const found: string[] = [];
  const call = /\.(dictation|document|delivery)\.(update|updateMany|upsert)\s*\(/g;
  for (let m = call.exec(text); m; m = call.exec(text)) {
    const args = callArguments(text, m.index + m[0].length - 1);
    const key = /\b(data|update|create)\s*:\s*\{/g;
    for (let k = key.exec(args); k; k = key.exec(args)) {
      const data = balancedBraces(args, k.index + k[0].length - 1);
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

  it('no file outside the lifecycle modules writes the status of a dictation, document or delivery', () => {
    const offenders: string[] = [];
    for (const dir of SOURCE_DIRS) {
      for (const file of sourceFiles(path.join(ROOT, dir))) {
        const rel = path.relative(ROOT, file).split(path.sep).join('/');
        if (LIFECYCLE_MODULES.has(rel)) continue;
        for (const write of statusWrites(readFileSync(file, 'utf8'))) offenders.push(`${rel}: ${write}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
