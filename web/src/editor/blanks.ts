// Blanks: "___" in the text for what the transcriptionist cannot make out, each a server record
// anchored to an audio time, that may be routed to the author for an answer. The text decides:
// a blank whose "___" was typed over is resolved, one brought back by undo is open again.
import { api, errorMessage } from '../api/client';
import type { Blank, BlankStatus } from '../api/types';
import { uuid } from '../lib/format';
import type { SessionContext, UiBlank } from './sessionState';
import { BLANK_TEXT, type Para } from './wordModel';

/** While a question waits for the author, the blanks are re-read this often to show the answer. */
const BLANK_POLL_MS = 20_000;

export class BlankController {
  /** Blanks this screen resolved (only those are reopened when their "___" comes back). */
  private resolvedHere = new Set<string>();
  private lastPoll = 0;

  constructor(private s: SessionContext) {}

  private get blanks() {
    return this.s.store.get().blanks;
  }
  private setBlanks(blanks: UiBlank[]) {
    this.s.store.set({ blanks });
  }

  /** Insert a blank at the caret, at the current audio time; it is created on the server meanwhile. */
  async add(note: string) {
    const ed = this.s.editor;
    if (!ed) return;
    const audioTime = this.s.player?.currentTime ?? 0;
    const tmp = `tmp-${uuid()}`;
    const position = ed.insertBlank(tmp, audioTime);
    // Shown at once, until the server's record replaces it.
    const shown = {
      id: tmp,
      position,
      audioTime,
      note: note || null,
      status: 'OPEN' as const,
      createdAt: new Date().toISOString(),
      answer: null,
      answeredAt: null,
    };
    const local: UiBlank = { ...shown, pending: true };
    this.setBlanks([...this.blanks, local]);
    try {
      const b = await api.addBlank(this.s.dictationId, { position, audioTime, note: note || undefined });
      ed.renameBlank(tmp, b.id);
      this.setBlanks(this.blanks.map((x) => (x.id === tmp ? b : x)));
    } catch (e) {
      this.setBlanks(
        this.blanks.map((x) =>
          x.id === tmp
            ? { ...x, pending: false, note: `${x.note ?? ''} (not saved: ${errorMessage(e)})` }
            : x,
        ),
      );
    }
  }

  async setStatus(id: string, status: BlankStatus) {
    if (id.startsWith('tmp-')) return;
    try {
      const b = await api.updateBlank(this.s.dictationId, id, { status });
      if (status === 'RESOLVED') this.resolvedHere.add(id);
      this.setBlanks(this.blanks.map((x) => (x.id === id ? { ...x, ...b, status: b?.status ?? status } : x)));
    } catch (e) {
      this.s.store.setSave({ message: `Blank: ${errorMessage(e)}` });
    }
  }

  /** Bring the blanks' status in line with the text (after each save and before finalizing). */
  async sync() {
    const ed = this.s.editor;
    if (!ed) return;
    const present = ed.blankIds();
    for (const b of this.blanks) {
      if (b.id.startsWith('tmp-')) continue;
      if ((b.status === 'OPEN' || b.status === 'ROUTED_TO_AUTHOR') && !present.has(b.id))
        await this.setStatus(b.id, 'RESOLVED');
      else if (b.status === 'RESOLVED' && present.has(b.id) && this.resolvedHere.has(b.id))
        await this.setStatus(b.id, 'OPEN');
    }
  }

  /** While a blank waits for the author, re-read the blanks now and then to show the answer. */
  poll() {
    const now = performance.now();
    if (now - this.lastPoll < BLANK_POLL_MS) return;
    if (!this.blanks.some((b) => b.status === 'ROUTED_TO_AUTHOR')) return;
    this.lastPoll = now;
    void api
      .blanks(this.s.dictationId)
      .then((server) => {
        const byId = new Map(server.map((b) => [b.id, b]));
        let changed = false;
        const blanks = this.blanks.map((b) => {
          const s = byId.get(b.id);
          if (b.status !== 'ROUTED_TO_AUTHOR' || !s || (s.status === b.status && s.answer === b.answer))
            return b;
          changed = true;
          return { ...b, status: s.status, answer: s.answer ?? null, answeredAt: s.answeredAt ?? null };
        });
        if (changed && !this.s.destroyed) this.setBlanks(blanks);
      })
      .catch(() => {});
  }

  /** Type the author's answer over the blank's "___" (which resolves the blank on the next save). */
  fillWithAnswer(b: Blank) {
    const ed = this.s.editor;
    if (!ed || !b.answer) return;
    if (ed.selectBlank(b.id)) ed.insertText(b.answer);
  }

  goTo(b: Blank) {
    this.s.player?.seek(Math.max(0, b.audioTime - 1));
    this.s.editor?.selectBlank(b.id);
  }

  /** Blanks that block finalizing: open ones, and ones waiting for the author's answer. */
  open(): UiBlank[] {
    return this.blanks.filter((b) => b.status === 'OPEN' || b.status === 'ROUTED_TO_AUTHOR');
  }
}

/** Match open/routed blanks to the "___" words of the text by character position. */
export function attachBlanks(paras: Para[], blanks: readonly Blank[]): Para[] {
  const wanted = blanks.filter((b) => b.status !== 'RESOLVED').sort((a, b) => a.position - b.position);
  if (!wanted.length) return paras;
  const slots: { pi: number; wi: number; pos: number }[] = [];
  let pos = 0;
  paras.forEach((p, pi) => {
    pos += p.lead.length;
    p.words.forEach((w, wi) => {
      if (w.text === BLANK_TEXT) slots.push({ pi, wi, pos });
      pos += w.text.length + w.ws.length;
    });
    pos += 1;
  });
  const out = paras.map((p) => ({ lead: p.lead, words: p.words.slice() }));
  const used = new Set<number>();
  for (const b of wanted) {
    let best = -1;
    for (let i = 0; i < slots.length; i++) {
      if (used.has(i)) continue;
      if (best < 0 || Math.abs(slots[i]!.pos - b.position) < Math.abs(slots[best]!.pos - b.position))
        best = i;
    }
    if (best < 0) break;
    used.add(best);
    const s = slots[best]!;
    const w = out[s.pi]!.words[s.wi]!;
    out[s.pi]!.words[s.wi] = { ...w, blankId: b.id, start: b.audioTime, end: Math.max(b.audioTime, w.end) };
  }
  return out;
}
