import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 11/12: a document's status changes only in the document lifecycle module
// (core/src/domain/document/transition-document.ts), and versions are created only by create-document.ts.
// This reads the source and fails when any other file writes Document.status or creates documents.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** A write that names status: under `data` (or upsert's create/update); `where: { status }` only reads. */
const WRITES_STATUS = /(?:data|create|update)\s*:\s*\{[^}]*\bstatus\s*:/;
const LIFECYCLE = new Set([
  'core/src/domain/document/transition-document.ts',
  'core/src/domain/document/create-document.ts',
]);

function sources(dir: string): string[] {
  return readdirSync(path.join(repo, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(path.join(repo, rel)).isDirectory()) return sources(rel);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

/** The argument text of each `<prefix>(...)` call, by counting parentheses. */
function callArguments(source: string, prefix: RegExp): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(prefix)) {
    let depth = 0;
    let i = (m.index ?? 0) + m[0].length - 1;
    const start = i;
    for (; i < source.length; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')' && --depth === 0) break;
    }
    out.push(source.slice(start, i + 1));
  }
  return out;
}

describe('who writes a document’s status', () => {
  const files = ['api/src', 'worker/src', 'core/src'].flatMap(sources);

  it('finds the lifecycle module itself (the scan works)', () => {
    expect(files).toContain('core/src/domain/document/transition-document.ts');
    const own = readFileSync(path.join(repo, 'core/src/domain/document/transition-document.ts'), 'utf8');
    expect(callArguments(own, /\.document\.updateMany\(/g).join('')).toMatch(WRITES_STATUS);
  });

  it('nothing outside core/src/domain/document writes Document.status or creates documents', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (LIFECYCLE.has(file)) continue;
      const source = readFileSync(path.join(repo, file), 'utf8');
      for (const args of callArguments(source, /\.document\.(?:update|updateMany|upsert)\(/g)) {
        if (WRITES_STATUS.test(args)) offenders.push(`${file}: ${args.slice(0, 80)}`);
      }
      if (/\.document\.(?:create|createMany)\(/.test(source)) offenders.push(`${file}: creates a document`);
      if (/UPDATE\s+"Document"[^;]*"status"/i.test(source)) offenders.push(`${file}: raw SQL status update`);
    }
    expect(offenders).toEqual([]);
  });
});
