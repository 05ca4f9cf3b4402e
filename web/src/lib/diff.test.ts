import { describe, expect, it } from 'vitest';
import { diffWords } from './diff';

/** One side of a diff: every part but those only the other side has. */
const side = (parts: ReturnType<typeof diffWords>, without: 'added' | 'removed') =>
  parts
    .filter((p) => p.kind !== without)
    .map((p) => p.text)
    .join('');

describe('diffWords', () => {
  it('marks changed words and keeps both texts recoverable', () => {
    const before = 'Metoprolol 25 mg twice daily.\nFollow up.';
    const after = 'Metoprolol 50 mg twice daily.\nFollow up in 2 weeks.';
    const parts = diffWords(before, after);
    expect(side(parts, 'added')).toBe(before);
    expect(side(parts, 'removed')).toBe(after);
    expect(parts.find((p) => p.kind === 'removed')?.text).toContain('25');
    expect(parts.find((p) => p.kind === 'added')?.text).toContain('50');
  });

  it('says nothing changed for equal texts', () => {
    expect(diffWords('a b', 'a b')).toEqual([{ kind: 'same', text: 'a b' }]);
  });
});
