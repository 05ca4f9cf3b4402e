import './document-review.css';
import { useMemo } from 'react';
import { diffWords } from '../lib/diff';

/** What changed from one version of a note to another: removed words struck through, added marked. */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = useMemo(() => diffWords(before, after), [before, after]);
  const changed = parts.some((p) => p.kind !== 'same');
  return (
    <section className="document-text diff-view" aria-label={label}>
      {!changed && <p className="muted small">No changes to the text.</p>}
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: positional parts, never reordered
          <span key={i}>{p.text}</span>
        ) : p.kind === 'added' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <ins key={i}>{p.text}</ins>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <del key={i}>{p.text}</del>
        ),
      )}
    </section>
  );
}
