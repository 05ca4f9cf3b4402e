import { unitRules } from '@dictum/core/capability/formatting/rules/units';
import type { Db } from '@dictum/core/infra/db/client';
import { clinicalWords } from '@dictum/core/vocabulary/clinical-words';
import { allMedicalTerms } from '@dictum/core/vocabulary/medical-terms';

// The medical word list is the project's own, built from its own sources — no GPL word list
// (hunspell-en-med, @cspell/dict-medicalterms) is used or shipped:
//  - static: the speech engine's medical vocabulary (drugs, anatomy, procedures, findings, labs),
//    the units the transcript formatter writes (mmHg, mEq) and the checker's own clinical words
//    (clinical-words.ts: adjective and plural forms, exam wording, brand names);
//  - from the organisation's data: work type templates, text expander expansions and the
//    administrator-managed vocabulary (formulary, physicians' and places' names).

/** Letter runs of a text (with inner apostrophes and hyphens), as dictionary entries. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}]+(?:['\u2019-][\p{L}]+)*/gu) ?? [];
}

export function staticMedicalWords(): string[] {
  const units = unitRules.units.flatMap((u) => u.written.split('/'));
  return [...allMedicalTerms().flatMap(wordsOf), ...units.flatMap(wordsOf), ...clinicalWords];
}

/** Words from the organisation's own data; re-read when it changes and every few minutes. */
export async function organisationWords(db: Db): Promise<string[]> {
  const [workTypes, expanders, vocabulary] = await Promise.all([
    db.workType.findMany({ select: { name: true, template: true } }),
    db.textExpander.findMany({ select: { expansion: true } }),
    db.vocabularyTerm.findMany({ select: { term: true } }),
  ]);
  return [
    ...workTypes.flatMap((w) => wordsOf(`${w.name}\n${w.template ?? ''}`)),
    ...expanders.flatMap((x) => wordsOf(x.expansion)),
    ...vocabulary.flatMap((v) => wordsOf(v.term)),
  ];
}
