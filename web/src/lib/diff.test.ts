import { describe, expect, it } from 'vitest';
import { diffWords } from './diff';

describe('diffWords', () => {
  it('marks changed words and keeps both texts recoverable', () => {
    const before = 'Metoprolol 25 mg twice daily.\nFollow up.';
    const after = 'Metoprolol 50 mg twice daily.\nFollow up in 2 weeks.';
    const parts = diffWords(before, after);
    expect(
      parts
        .filter((p) => p.kind !== 'added')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.kind !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
    expect(parts.find((p) => p.kind === 'removed')?.text).toContain('25');
    expect(parts.find((p) => p.kind === 'added')?.text).toContain('50');
  });

  it('says nothing changed for equal texts', () => {
    expect(diffWords('a b', 'a b')).toEqual([{ kind: 'same', text: 'a b' }]);
  });
});
