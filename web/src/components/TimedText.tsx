import './document-review.css';
import { type MouseEvent, useMemo } from 'react';
import type { TranscriptWord } from '../api/types';

interface Segment {
  text: string;
  word?: { start: number; end: number };
}

/**
 * Lays the transcript's timed words over the note text (found in order, whitespace and line breaks
 * kept), so a click on a word seeks the audio there and the word being played is marked. Words the
 * text no longer contains (an edited note) are skipped; the text itself is always shown as it is.
 */
export function alignWordsToText(text: string, words: TranscriptWord[]): Segment[] {
  const out: Segment[] = [];
  let cursor = 0;
  for (const w of words) {
    const token = w.text.trim();
    if (!token) continue;
    const at = text.indexOf(token, cursor);
    // Too far ahead means the word is not in this text; matching it would swallow real text.
    if (at < 0 || at - cursor > 80) continue;
    if (at > cursor) out.push({ text: text.slice(cursor, at) });
    out.push({ text: token, word: { start: w.start, end: w.end } });
    cursor = at + token.length;
  }
  if (cursor < text.length) out.push({ text: text.slice(cursor) });
  return out;
}

export function TimedText({
  text,
  words,
  currentTime,
  onSeek,
  label,
}: {
  text: string;
  words: TranscriptWord[];
  currentTime: number;
  onSeek: (t: number) => void;
  label: string;
}) {
  const segments = useMemo(() => alignWordsToText(text, words), [text, words]);
  // One click handler for all words (read from data-start): keyboard users seek with the player.
  const onClick = (e: MouseEvent<HTMLElement>) => {
    const start = (e.target as HTMLElement).closest<HTMLElement>('[data-start]')?.dataset.start;
    if (start !== undefined) onSeek(Number(start));
  };
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: clicks on words are a mouse shortcut; the player has the keyboard controls
    <article className="document-text timed-text" aria-label={label} onClick={onClick}>
      {segments.map((s, i) =>
        s.word ? (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
            key={i}
            className={`word${currentTime >= s.word.start && currentTime < s.word.end ? ' playing' : ''}`}
            data-start={s.word.start}
            title="Play from here"
          >
            {s.text}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <span key={i}>{s.text}</span>
        ),
      )}
    </article>
  );
}
