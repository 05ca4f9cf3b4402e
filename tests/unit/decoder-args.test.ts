import { frontEndArgs, mergeDecoderArgs } from '@dictum/core/capability/asr/decoder-args';
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

  it('gives sphinx_fe the front end the decoder will use: its voice-activity settings, the model’s filterbank', () => {
    const featParams = [
      '-lowerf',
      '130',
      '-nfilt',
      '25',
      '-feat',
      '1s_c_d_dd',
      '-cmn',
      'batch',
      '-cmninit',
      '41.00',
    ];
    const decode = [
      '-lw',
      '6.5',
      '-vad_threshold',
      '3.0',
      '-remove_noise',
      'no',
      '-lowerf',
      '200',
      '-beam',
      '1e-60',
    ];
    expect(frontEndArgs(featParams, decode)).toEqual([
      ...['-vad_threshold', '3.0', '-remove_noise', 'no'],
      // pocketsphinx reads feat.params after its command line: the model's filterbank wins.
      ...['-lowerf', '130', '-nfilt', '25'],
    ]);
    // Options sphinx_fe does not know (search, feature type, normalisation) never reach it.
    expect(frontEndArgs(['-feat', '1s_c_d_dd'], ['-lw', '5', '-featparams', 'x'])).toEqual([]);
  });
});
