import type { Db } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import { organisationWords, staticMedicalWords } from './medical-words';
import { type Misspelling, SpellChecker } from './spell-checker';

// One checker per process (per database), built on first use: loading the English dictionary
// takes ~150 ms, so the API starts without it. The organisation's words are re-read when this
// process changes them (vocabulary, text expanders) and at least every REFRESH_MS, so a change
// made through another API instance is picked up within a few minutes.

const REFRESH_MS = 2 * 60_000;
const RETRY_MS = 10_000;
/** Yield to other requests between slices of a large request. */
const SLICE = 100;

interface Entry {
  checker: SpellChecker;
  loadedAt: number;
  stale: boolean;
  refreshing: Promise<void> | null;
}

const checkers = new WeakMap<Db, Promise<Entry>>();
/** Databases whose organisation words changed since their checker last read them. */
const changed = new WeakSet<Db>();

async function entryFor(db: Db): Promise<Entry> {
  let pending = checkers.get(db);
  if (!pending) {
    pending = (async () => {
      const checker = new SpellChecker(staticMedicalWords());
      checker.setDynamicWords(await organisationWords(db));
      return { checker, loadedAt: Date.now(), stale: false, refreshing: null };
    })();
    checkers.set(db, pending);
    // A failed first load (database down) is retried by the next request.
    pending.catch(() => checkers.delete(db));
  }
  const entry = await pending;
  const due = () => {
    if (changed.has(db)) {
      changed.delete(db);
      entry.stale = true;
    }
    return entry.stale || Date.now() - entry.loadedAt > REFRESH_MS;
  };
  // A loop: a change made while a refresh was already reading is read by one more refresh.
  while (due()) {
    entry.refreshing ??= (async () => {
      entry.stale = false;
      try {
        entry.checker.setDynamicWords(await organisationWords(db));
        entry.loadedAt = Date.now();
      } catch {
        // The database is unreachable: keep checking with the words already known, retry soon.
        entry.loadedAt = Date.now() - REFRESH_MS + RETRY_MS;
      } finally {
        entry.refreshing = null;
      }
    })();
    await entry.refreshing;
  }
  return entry;
}

/** Called by the services that change the organisation's words: the next check re-reads them. */
export function spellingVocabularyChanged(ctx: Pick<AppContext, 'db'>): void {
  changed.add(ctx.db);
}

/**
 * POST /spellcheck: the misspelled words among `words` (each once), with suggestions. The words
 * are patient data: they are neither logged, stored nor audited (no stored record is read).
 */
export async function checkSpelling(
  ctx: AppContext,
  words: readonly string[],
): Promise<{ misspelled: Misspelling[] }> {
  const { checker } = await entryFor(ctx.db);
  const unique = [...new Set(words)];
  const misspelled: Misspelling[] = [];
  for (let i = 0; i < unique.length; i += SLICE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    misspelled.push(...checker.check(unique.slice(i, i + SLICE)));
  }
  return { misspelled };
}
