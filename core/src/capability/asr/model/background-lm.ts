import { readFile } from 'node:fs/promises';

/**
 * The unigram distribution of pocketsphinx's general English model (Debian's
 * pocketsphinx-en-us `en-us.lm.bin`, sphinxbase's trie format): read directly, because that
 * version's sphinx_lm_convert aborts when writing it out as ARPA. Layout: "Trie Language Model",
 * order (1 byte), n-gram counts (uint32 LE each), quantisation type (int32) and its tables, then
 * (count+1) unigrams of {float prob, float backoff, uint32 next}, the trie, and at the very end the
 * vocabulary as NUL-terminated strings preceded by its byte length. Probabilities are in
 * sphinxbase's log base 1.0001.
 */
export async function readBackgroundUnigrams(lmBinPath: string): Promise<Map<string, number>> {
  const b = await readFile(lmBinPath);
  const header = 'Trie Language Model';
  if (b.subarray(0, header.length).toString('latin1') !== header) throw new Error('not a sphinxbase trie LM');
  let p = header.length;
  const order = b[p]!;
  p += 1;
  const counts: number[] = [];
  for (let i = 0; i < order; i++, p += 4) counts.push(b.readUInt32LE(p));
  const quantType = b.readInt32LE(p);
  p += 4;
  // QUANT_16 (1): 16-bit tables, one probability table per order ≥ 2 and one backoff table per
  // middle order; NO_QUANT (0): none.
  if (quantType === 1) p += (2 * (order - 1) - 1) * 65536 * 4;
  else if (quantType !== 0) throw new Error(`unsupported quantisation ${quantType}`);
  const n1 = counts[0]!;
  // The vocabulary: the last block whose length prefix matches the bytes after it.
  let wordsAt = -1;
  for (let q = b.length - 5; q > p; q--) {
    if (b.readUInt32LE(q) === b.length - q - 4 && b[b.length - 1] === 0) {
      wordsAt = q;
      break;
    }
  }
  if (wordsAt < 0) throw new Error('vocabulary not found');
  const words = b
    .subarray(wordsAt + 4, b.length - 1)
    .toString('latin1')
    .split('\0');
  if (words.length !== n1) throw new Error(`vocabulary has ${words.length} words, expected ${n1}`);
  const log10Base = Math.log10(1.0001);
  const out = new Map<string, number>();
  for (let i = 0; i < n1; i++) {
    const raw = b.readFloatLE(p + i * 12);
    out.set(words[i]!, raw * log10Base);
  }
  return out;
}
