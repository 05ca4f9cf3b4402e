import { useEffect, useRef } from 'react';
import type { UiState } from '../../editor/EditorSession';

/** Suggestions for a misspelled word, next to it (right-click or Ctrl+. in the transcript). */
export function SpellMenu({
  menu,
  onPick,
  onIgnore,
  onClose,
}: {
  menu: NonNullable<UiState['spellMenu']>;
  onPick: (s: string) => void;
  onIgnore: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const away = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, [onClose]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length];
      next?.focus();
    }
  };
  const left = Math.min(menu.target.x, window.innerWidth - 220);
  const top = Math.min(menu.target.y + 4, window.innerHeight - 40 - 32 * (menu.suggestions.length + 1));
  return (
    <div
      ref={ref}
      className="spell-menu"
      role="menu"
      aria-label={`Spelling suggestions for ${menu.target.word}`}
      style={{ left, top: Math.max(0, top) }}
      onKeyDown={onKeyDown}
    >
      <div className="spell-word" aria-hidden="true">
        {menu.target.word}
      </div>
      {menu.suggestions.length === 0 && <div className="spell-none">No suggestions</div>}
      {menu.suggestions.map((s) => (
        <button key={s} type="button" role="menuitem" onClick={() => onPick(s)}>
          {s}
        </button>
      ))}
      <button type="button" role="menuitem" onClick={onIgnore}>
        Ignore in this transcript
      </button>
    </div>
  );
}
