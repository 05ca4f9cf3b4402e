import { useEffect, useRef } from 'react';
import type { EditorSession } from '../../editor/EditorSession';
import { type Action, actionFor, getSettings, updateSettings } from '../../lib/settings';

/** What the hotkeys do on the page around the session (dialogs, the low-confidence switch, messages). */
export interface PageActions {
  openBlankDialog(): void;
  toggleLowConfidence(): void;
  requestFinalize(): void;
  /** A short, friendly message (nothing to go to, say). */
  tell(text: string): void;
}

/**
 * The editor's hotkeys (and foot pedals that send keys), active anywhere on the editor screen:
 * caught in the capture phase so they work while the transcript has focus, and ignored inside
 * dialogs except play/pause. Key-up matters too: scanning and play-while-held stop on release.
 */
export function useEditorHotkeys(session: EditorSession, rate: number, page: PageActions) {
  // The listeners are added once; they call the latest handler, which sees the current props.
  const handler = useRef<(a: Action, e: KeyboardEvent, down: boolean) => void>(() => {});
  handler.current = (a, e, down) => {
    if (down) onKeyDown(session, rate, page, a, e);
    else onKeyUp(session, a);
  };
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      const a = actionFor(e);
      if (!a) return;
      if ((e.target as Element | null)?.closest?.('dialog') && a !== 'playPause') return;
      e.preventDefault();
      e.stopPropagation();
      handler.current(a, e, true);
    };
    const up = (e: KeyboardEvent) => {
      const a = actionFor(e);
      if (a) handler.current(a, e, false);
    };
    window.addEventListener('keydown', down, true);
    window.addEventListener('keyup', up, true);
    return () => {
      window.removeEventListener('keydown', down, true);
      window.removeEventListener('keyup', up, true);
    };
  }, []);
}

function onKeyUp(session: EditorSession, a: Action) {
  const p = session.player;
  if ((a === 'rewind' || a === 'forward') && p) p.stopScan();
  if (a === 'playWhileHeld') p?.pause();
}

function onKeyDown(session: EditorSession, rate: number, page: PageActions, a: Action, e: KeyboardEvent) {
  const p = session.player;
  // Held keys repeat: only scanning wants the repeats.
  const once = !e.repeat;
  switch (a) {
    case 'playPause':
      if (once) p?.toggle();
      break;
    case 'rewind':
    case 'forward': {
      if (!p) break;
      const skip = getSettings().skipSec;
      if (e.repeat) p.startScan(a === 'rewind' ? -1 : 1);
      else p.skip(a === 'rewind' ? -skip : skip);
      break;
    }
    case 'slower':
    case 'faster':
      updateSettings({ rate: session.setRate(rate + (a === 'slower' ? -0.1 : 0.1)) });
      break;
    case 'insertBlank':
      if (once) page.openBlankDialog();
      break;
    case 'playFromCaret':
      session.playFromCaret();
      break;
    case 'toggleLowConfidence':
      page.toggleLowConfidence();
      break;
    case 'save':
      void session.autosave.saveNow();
      break;
    case 'finalize':
      page.requestFinalize();
      break;
    case 'playWhileHeld':
      if (once) void p?.play();
      break;
    case 'playSelection':
    case 'loopSelection':
      if (once) session.playSelection(a === 'loopSelection');
      break;
    case 'nextUncertain':
    case 'prevUncertain':
      if (!session.goToUncertain(a === 'nextUncertain' ? 1 : -1)) page.tell('No low-confidence words left.');
      break;
    case 'nextBlank':
    case 'prevBlank':
      if (!session.goToBlankInText(a === 'nextBlank' ? 1 : -1)) page.tell('No blanks in the text.');
      break;
    case 'acceptWord':
      session.acceptWord();
      break;
    case 'insertNormal':
      if (once && !session.snippets.insertNormal()) page.tell('No normal saved for this work type yet.');
      break;
  }
}
