import { verbalizeNote } from '@dictum/core/asr/model/verbalize';
import { formatDraft } from '@dictum/core/formatting/format-draft';
import { devScripts } from '../asr-corpus/dev';
import { heldoutScripts } from '../asr-corpus/heldout';
for (const s of [...devScripts, ...heldoutScripts]) {
  const spoken = verbalizeNote(s.written);
  const f = formatDraft(spoken.map((text, i) => ({ text, start: i, end: i + 1, confidence: 1 }))).text;
  if (f.toLowerCase() !== s.written.toLowerCase()) console.log(`--- ${s.id}\n${spoken.join(' ')}\nEXP ${JSON.stringify(s.written)}\nGOT ${JSON.stringify(f)}`);
}
