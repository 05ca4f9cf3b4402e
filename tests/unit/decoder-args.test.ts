import { mergeDecoderArgs } from '@dictum/core/capability/asr/local-engine';
import { describe, expect, it } from 'vitest';

// pocketsphinx exits on an option given twice ("Duplicate argument name"), so the model's, the
// channel model's and the caller's settings are merged, the later source winning.
describe('decoder settings from several sources', () => {
  it('keeps each option once, the later source winning', () => {
    const model = ['-lw', '6.5', '-beam', '1e-60', '-wbeam', '1e-50'];
    const phone = ['-beam', '1e-70', '-pbeam', '1e-60'];
    const merged = mergeDecoderArgs(model, phone, ['-lw', '8']);
    const names = merged.filter((_, i) => i % 2 === 0);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.fromEntries(names.map((n, i) => [n, merged[2 * i + 1]]))).toEqual({
      '-lw': '8',
      '-beam': '1e-70',
      '-wbeam': '1e-50',
      '-pbeam': '1e-60',
    });
  });

  it('passes a single source through unchanged', () => {
    expect(mergeDecoderArgs(['-lw', '5'], [], [])).toEqual(['-lw', '5']);
  });
});
