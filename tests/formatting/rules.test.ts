import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import {
  defaultFormattingRules,
  mergeFormattingRules,
} from '@dictum/core/capability/formatting/rules/default-rules';
import { describe, expect, it } from 'vitest';
import { spokenWords } from './support';

describe('organisation overrides', () => {
  it('adds and replaces abbreviations, units and headings', () => {
    const rules = mergeFormattingRules(defaultFormattingRules, {
      abbreviations: [
        { spoken: 'blood pressure', written: 'BP' },
        { spoken: 'b i d', written: 'BID', letters: true },
      ],
      units: [{ spoken: ['milligrams', 'milligram'], written: 'mg.' }],
      headings: ['hospital day'],
    });
    expect(formatDraft(spokenWords('blood pressure one thirty over eighty two'), rules).text).toBe(
      'BP 130/82',
    );
    expect(formatDraft(spokenWords('ten milligrams b i d'), rules).text).toBe('10 mg. BID');
    expect(formatDraft(spokenWords('hospital day colon three period'), rules).text).toBe(
      'HOSPITAL DAY: Three.',
    );
    // Defaults still apply.
    expect(formatDraft(spokenWords('the e k g period'), rules).text).toBe('The EKG.');
  });

  it('can replace a list entirely', () => {
    const rules = mergeFormattingRules(defaultFormattingRules, { headings: ['plan'] }, ['headings']);
    expect(formatDraft(spokenWords('impression colon stable period'), rules).text).toBe(
      'Impression: Stable.',
    );
    expect(formatDraft(spokenWords('plan colon home period'), rules).text).toBe('PLAN: Home.');
  });

  it('changes spoken commands', () => {
    const rules = mergeFormattingRules(defaultFormattingRules, {
      punctuation: [{ phrase: 'stop', mark: '.' }],
      scratch: ['cancel that'],
    });
    expect(formatDraft(spokenWords('she is well stop start aspirin cancel that'), rules).text).toBe(
      'She is well.',
    );
  });
});
