// A tiny history router: the app has a handful of screens, so no routing library.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
function notify() {
  for (const l of listeners) l();
}

/** A screen with something to lose (a recording running, not sent) answers the question to ask. */
type LeaveGuard = () => string | null;
const guards = new Set<LeaveGuard>();
export function addLeaveGuard(g: LeaveGuard): () => void {
  guards.add(g);
  return () => guards.delete(g);
}
function mayLeave(): boolean {
  for (const g of guards) {
    const question = g();
    if (question && !window.confirm(question)) return false;
  }
  return true;
}

let shown = location.pathname + location.search;
window.addEventListener('popstate', () => {
  // Back/forward has already moved: put the page back when the user chooses to stay.
  if (!mayLeave()) {
    history.pushState(null, '', shown);
    return;
  }
  shown = location.pathname + location.search;
  notify();
});

/** Replacing navigations are redirects (sign-in, sign-out), never a user leaving a screen. */
export function navigate(path: string, opts: { replace?: boolean } = {}) {
  if (path === location.pathname + location.search) return;
  if (!opts.replace && !mayLeave()) return;
  shown = path;
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  notify();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export function useSearch(): URLSearchParams {
  const s = useSyncExternalStore(subscribe, () => location.search);
  return new URLSearchParams(s);
}

/** Match "/edit/:id" style patterns. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    if (p.startsWith(':')) out[p.slice(1)] = decodeURIComponent(b[i]!);
    else if (p !== b[i]) return null;
  }
  return out;
}
