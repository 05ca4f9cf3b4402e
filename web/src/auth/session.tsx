import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthenticated, setCsrfToken } from '../api/client';
import type { User } from '../api/types';
import { clearAllDrafts } from '../lib/drafts';
import { navigate } from '../lib/router';

interface SessionContext {
  user: User | null;
  /** True while the session has expired and the re-sign-in dialog is shown. */
  expired: boolean;
  /** Increments after each successful (re-)sign-in, so screens can retry what failed. */
  epoch: number;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const Ctx = createContext<SessionContext | null>(null);

export function useSession(): SessionContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useSession outside SessionProvider');
  return c;
}

export function useUser(): User {
  const u = useSession().user;
  if (!u) throw new Error('not signed in');
  return u;
}

export function SessionProvider({ children }: { children: (state: 'loading' | 'ready') => ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const [epoch, setEpoch] = useState(0);

  useEffect(() => {
    let alive = true;
    api
      .me()
      .then((s) => {
        if (!alive) return;
        setCsrfToken(s.csrfToken);
        setUser(s.user);
      })
      .catch(() => {})
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setCsrfToken(null);
        setExpired((was) => was || true);
      }),
    [],
  );

  const signIn = useCallback(
    async (username: string, password: string) => {
      const s = await api.login(username, password);
      setCsrfToken(s.csrfToken);
      if (user && s.user.id !== user.id) {
        // A different person signed in on the expiry dialog: start from a clean slate.
        setUser(s.user);
        setExpired(false);
        setEpoch((e) => e + 1);
        navigate('/', { replace: true });
        return;
      }
      setUser(s.user);
      setExpired(false);
      setEpoch((e) => e + 1);
    },
    [user],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    setCsrfToken(null);
    clearAllDrafts();
    setUser(null);
    setExpired(false);
    navigate('/login', { replace: true });
  }, []);

  const value = useMemo(() => ({ user, expired, epoch, signIn, signOut }), [user, expired, epoch, signIn, signOut]);
  return <Ctx.Provider value={value}>{children(loading ? 'loading' : 'ready')}</Ctx.Provider>;
}
