import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The tests that read the servers' source for a rule (who may write a status) share one scanner:
// the files, and the argument text of a call found by counting parentheses and braces.

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_SOURCE_DIRS = ['api/src', 'worker/src', 'core/src'];

/** Every TypeScript source file below these folders (repo-relative, with /), tests and generated code left out. */
export function sourceFiles(dirs: string[] = SERVER_SOURCE_DIRS): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(path.join(REPO, dir)).flatMap((name) => {
      const rel = `${dir}/${name}`;
      if (name === 'generated' || name === 'node_modules') return [];
      if (statSync(path.join(REPO, rel)).isDirectory()) return sourceFiles([rel]);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
    }),
  );
}

export const readSource = (rel: string) => readFileSync(path.join(REPO, rel), 'utf8');

/** The text inside the brackets that open at `open` (`(` or `{`), nested ones included. */
export function enclosed(text: string, open: number): string {
  const [opening, closing] = text[open] === '{' ? ['{', '}'] : ['(', ')'];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opening) depth++;
    else if (text[i] === closing && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Each call `pattern` finds (a global pattern ending at the call's `(`), with its argument text. */
export function calls(source: string, pattern: RegExp): { match: RegExpExecArray; args: string }[] {
  return [...source.matchAll(pattern)].map((match) => ({
    match,
    args: enclosed(source, match.index + match[0].length - 1),
  }));
}
