import { readFile, writeFile } from 'node:fs/promises';

// Sphinx binary parameter files, as far as the channel adaptation needs them (channel-model.ts).
// Debian's en-us model ships its mixture weights only as pocketsphinx's compressed `sendump`;
// sphinxtrain's `bw` needs them as a Sphinx-III `mixture_weights` file. sphinxtrain's own converter
// (sendump.py) is Python 2, so the same conversion is done here.

/** Mixture weights from a `sendump`: [senone][feature][density], probabilities. */
export function parseSendump(buf: Buffer): {
  weights: Float32Array;
  senones: number;
  features: number;
  densities: number;
} {
  let pos = 0;
  const readInt = () => {
    const v = buf.readInt32LE(pos);
    pos += 4;
    return v;
  };
  const headers = new Map<string, string>();
  for (;;) {
    const len = readInt();
    if (len === 0) break;
    const text = buf.toString('latin1', pos, pos + len - 1);
    pos += len;
    const m = /^(\w+) (\S+)$/.exec(text);
    if (m) headers.set(m[1]!, m[2]!);
  }
  const features = Number(headers.get('feature_count') ?? 1);
  const shift = Number(headers.get('mixw_shift') ?? 10);
  if (Number(headers.get('cluster_count') ?? 0) !== 0)
    throw new Error('clustered sendump files are not supported');
  const densities = readInt();
  const senones = readInt();
  if (pos + features * densities * senones > buf.length) throw new Error('sendump is truncated');
  const weights = new Float32Array(senones * features * densities);
  // Stored per feature, per density: one byte per senone, -log1.0001(weight) >> shift.
  for (let f = 0; f < features; f++)
    for (let d = 0; d < densities; d++)
      for (let s = 0; s < senones; s++) {
        const v = buf[pos++]! << shift;
        weights[(s * features + f) * densities + d] = 1.0001 ** -v;
      }
  return { weights, senones, features, densities };
}

/** A Sphinx-III 3-D float parameter file (mixture_weights), little-endian, without a checksum. */
export function s3File3d(values: Float32Array, d1: number, d2: number, d3: number): Buffer {
  // Any "chksum0" attribute (even "no") makes the reader expect a checksum after the data.
  let header = 's3\nversion 1.0\n';
  const align = (4 - ((header.length + 'endhdr\n'.length) & 3)) & 3;
  header += `${' '.repeat(align)}endhdr\n`;
  const head = Buffer.from(header, 'latin1');
  const body = Buffer.alloc(4 + 16 + values.length * 4);
  body.writeInt32LE(0x11223344, 0);
  body.writeUInt32LE(d1, 4);
  body.writeUInt32LE(d2, 8);
  body.writeUInt32LE(d3, 12);
  body.writeUInt32LE(values.length, 16);
  for (let i = 0; i < values.length; i++) body.writeFloatLE(values[i]!, 20 + i * 4);
  return Buffer.concat([head, body]);
}

export async function sendumpToMixtureWeights(sendump: string, out: string): Promise<void> {
  const m = parseSendump(await readFile(sendump));
  await writeFile(out, s3File3d(m.weights, m.senones, m.features, m.densities));
}
