// Option lists for the CMU Sphinx tools, as flat [name, value, name, value, …] arrays.

/**
 * pocketsphinx options from several sources (the model's, the channel model's, the caller's), the
 * later one winning for an option set twice: pocketsphinx refuses a repeated option outright.
 */
export function mergeDecoderArgs(...sources: string[][]): string[] {
  const values = new Map<string, string>();
  for (const args of sources)
    for (let i = 0; i + 1 < args.length; i += 2) {
      values.delete(args[i]!);
      values.set(args[i]!, args[i + 1]!);
    }
  return [...values].flat();
}

/**
 * The front-end options sphinx_fe and pocketsphinx share (filterbank, noise removal, voice-activity
 * detection); both tools' `-h` list the same defaults for every one of them (sphinxbase 5prealpha,
 * Debian), so a feature file made with these is cut and normalised as the decoder does.
 */
const SHARED_FRONT_END = new Set([
  '-alpha',
  '-dither',
  '-doublebw',
  '-frate',
  '-lifter',
  '-logspec',
  '-lowerf',
  '-ncep',
  '-nfft',
  '-nfilt',
  '-remove_dc',
  '-remove_noise',
  '-remove_silence',
  '-round_filters',
  '-smoothspec',
  '-transform',
  '-unit_area',
  '-upperf',
  '-vad_postspeech',
  '-vad_prespeech',
  '-vad_startspeech',
  '-vad_threshold',
  '-warp_params',
  '-warp_type',
  '-wlen',
]);

/**
 * sphinx_fe's options for the features the decoder computes: the decode's settings (`decoderArgs`,
 * as merged for it; none when making training features) overlaid with the acoustic model's
 * feat.params, which pocketsphinx reads after its command line; options sphinx_fe does not know
 * are left out.
 */
export function frontEndArgs(featParams: string[], decoderArgs: string[] = []): string[] {
  const merged = mergeDecoderArgs(decoderArgs, featParams);
  const out: string[] = [];
  for (let i = 0; i + 1 < merged.length; i += 2)
    if (SHARED_FRONT_END.has(merged[i]!)) out.push(merged[i]!, merged[i + 1]!);
  return out;
}
