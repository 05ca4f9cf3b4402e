import { describe, expect, it } from 'vitest';
import { calls, readSource, sourceFiles } from '../support/source-scan';

// Issue 11/12: a document's status changes only in the document lifecycle module
// (core/src/domain/document/transition-document.ts), and versions are created only by create-document.ts.
// This reads the source and fails when any other file writes Document.status or creates documents.

/** A write that names status: under `data` (or upsert's create/update); `where: { status }` only reads. */
const WRITES_STATUS = /(?:data|create|update)\s*:\s*\{[^}]*\bstatus\s*:/;
const LIFECYCLE = new Set([
  'core/src/domain/document/transition-document.ts',
  'core/src/domain/document/create-document.ts',
]);

/** The argument text of each call the pattern finds. */
const callArguments = (source: string, pattern: RegExp) => calls(source, pattern).map((c) => c.args);

describe('who writes a document’s status', () => {
  const files = sourceFiles();

  it('finds the lifecycle module itself (the scan works)', () => {
    expect(files).toContain('core/src/domain/document/transition-document.ts');
    const own = readSource('core/src/domain/document/transition-document.ts');
    expect(callArguments(own, /\.document\.updateMany\(/g).join('')).toMatch(WRITES_STATUS);
  });

  it('nothing outside core/src/domain/document writes Document.status or creates documents', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (LIFECYCLE.has(file)) continue;
      const source = readSource(file);
      for (const args of callArguments(source, /\.document\.(?:update|updateMany|upsert)\(/g)) {
        if (WRITES_STATUS.test(args)) offenders.push(`${file}: ${args.slice(0, 80)}`);
      }
      if (/\.document\.(?:create|createMany)\(/.test(source)) offenders.push(`${file}: creates a document`);
      if (/UPDATE\s+"Document"[^;]*"status"/i.test(source)) offenders.push(`${file}: raw SQL status update`);
    }
    expect(offenders).toEqual([]);
  });
});
