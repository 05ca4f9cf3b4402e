import { readFileSync } from 'node:fs';
import { type CorpusScript, noteTypes } from './types';

const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every((t) => typeof t === 'string');

function isScript(x: unknown): x is CorpusScript {
  const s = x as Partial<Record<keyof CorpusScript, unknown>> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.id === 'string' &&
    (noteTypes as readonly unknown[]).includes(s.noteType) &&
    typeof s.spoken === 'string' &&
    typeof s.written === 'string' &&
    isStringList(s.terms)
  );
}

/**
 * One set of the corpus: a JSON list of scripts kept beside this file (the scripts are data; a
 * hand edit that breaks their shape fails here, before any evaluation runs on it).
 */
export function loadCorpus(file: string): CorpusScript[] {
  const data: unknown = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${file}: not a list of corpus scripts`);
  return data.map((script, n) => {
    if (!isScript(script)) throw new Error(`${file}: script ${n + 1} lacks a field or has a wrong one`);
    return script;
  });
}
