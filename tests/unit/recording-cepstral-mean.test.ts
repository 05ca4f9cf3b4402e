import { cepstralMean, withCmnInit } from '@dictum/core/capability/asr/recording-cepstral-mean';
import { describe, expect, it } from 'vitest';

/** A sphinx_fe feature file: the float count, then the frames of 13 coefficients. */
function featureFile(frames: number[][], littleEndian: boolean): Buffer {
  const floats = frames.flat();
  const file = Buffer.alloc(4 + floats.length * 4);
  if (littleEndian) file.writeInt32LE(floats.length, 0);
  else file.writeInt32BE(floats.length, 0);
  floats.forEach((f, i) => {
    if (littleEndian) file.writeFloatLE(f, 4 + i * 4);
    else file.writeFloatBE(f, 4 + i * 4);
  });
  return file;
}

const frame = (c0: number, rest: number) => [c0, ...new Array(12).fill(rest)];

describe('the recording’s own cepstral mean', () => {
  it('averages every coefficient over the frames, in either byte order', () => {
    const frames = [frame(60, 2), frame(50, -4), frame(40, 5)];
    for (const littleEndian of [true, false]) {
      const mean = cepstralMean(featureFile(frames, littleEndian));
      expect(mean).toHaveLength(13);
      expect(mean![0]).toBeCloseTo(50, 5);
      for (const c of mean!.slice(1)) expect(c).toBeCloseTo(1, 5);
    }
  });

  it('has none for a file without frames, with a lying header, or with numbers that are not', () => {
    expect(cepstralMean(Buffer.alloc(0))).toBeNull();
    expect(cepstralMean(featureFile([], true))).toBeNull();
    const lying = featureFile([frame(60, 2)], true);
    lying.writeInt32LE(1000, 0);
    expect(cepstralMean(lying)).toBeNull();
    expect(cepstralMean(featureFile([frame(Number.NaN, 2)], true))).toBeNull();
    // Fewer floats than one frame: nothing to average.
    expect(cepstralMean(featureFile([[1, 2, 3]], true))).toBeNull();
  });

  it('replaces the model’s starting mean and keeps its other feature parameters', () => {
    const model = ['-lowerf', '130', '-cmn', 'batch', '-cmninit', '41.00,-5.29', '-model', 'ptm'];
    const mean = [61.256, 12.5, ...new Array(11).fill(-0.004)];
    expect(withCmnInit(model, mean)).toEqual([
      ...['-lowerf', '130', '-cmn', 'batch', '-model', 'ptm'],
      ...['-cmninit', `61.26,12.50,${new Array(11).fill('-0.00').join(',')}`],
    ]);
  });
});
