import { formatDraft } from '@dictum/core/formatting/format-draft';
import { devScripts } from '../asr-corpus/dev';
import { heldoutScripts } from '../asr-corpus/heldout';
import { wordErrorRate } from '@dictum/core/transcript/word-error-rate';
let bad = 0;
for (const s of [...devScripts, ...(process.argv[2] ? heldoutScripts : [])]) {
  const words = s.spoken.split(' ').map((text, i) => ({ text, start: i, end: i + 0.5, confidence: 0.9 }));
  const f = formatDraft(words);
  if (f.text !== s.written) { bad++; console.log(`--- ${s.id}\nEXP ${JSON.stringify(s.written)}\nGOT ${JSON.stringify(f.text)}  wer=${wordErrorRate(s.written, f.text).wer.toFixed(3)}`); }
}
console.log('mismatches', bad);
