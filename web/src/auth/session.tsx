import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, api, onUnauthenticated, setCsrfToken } from '../api/client';
import type { User } from '../api/types';
import { clearAllDrafts, setDraftKey } from '../lib/drafts';
import { navigate } from '../lib/router';
import { endSession } from './sso';

interface SessionContext {
  user: User | null;
  /** How this user confirms an e-signature after 5 minutes: password, or a fresh single sign-on. */
  reauthenticateWith: 'password' | 'sso';
  /** Takes up the session a sign-in in another window opened (its cookie is already this page's). */
  adoptNewSession(): Promise<void>;
  /** True while the session has expired and the re-sign-in dialog is shown. */
  expired: boolean;
  /** Increments after each successful (re-)sign-in, so screens can retry what failed. */
  epoch: number;
  /** Password step; resolves with what second step (if any) is needed. */
  signIn(username: string, password: string): Promise<'done' | 'mfa' | 'mfa-enroll'>;
  /** Second step: a code from the authenticator app. */
  verifyMfa(code: string): Promise<void>;
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
  const [reauthenticateWith, setReauthenticateWith] = useState<'password' | 'sso'>('password');

  useEffect(() => {
    let alive = true;
    api
      .me()
      .then((s) => {
        if (!alive) return;
        setCsrfToken(s.csrfToken);
        setDraftKey(s.draftKey);
        setReauthenticateWith(s.reauthenticateWith);
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

  const pendingUser = useRef<User | null>(null);

  const complete = useCallback(
    (next: User) => {
      if (user && next.id !== user.id) {
        // A different person signed in on the expiry dialog: start from a clean slate.
        setUser(next);
        setExpired(false);
        setEpoch((e) => e + 1);
        navigate('/', { replace: true });
        return;
      }
      setUser(next);
      setExpired(false);
      setEpoch((e) => e + 1);
    },
    [user],
  );

  const signIn = useCallback(
    async (username: string, password: string) => {
      const s = await api.login(username, password);
      setCsrfToken(s.csrfToken);
      setDraftKey(s.draftKey);
      setReauthenticateWith('password');
      if (s.mfaRequired) {
        pendingUser.current = s.user;
        return s.mfaEnrollmentRequired ? ('mfa-enroll' as const) : ('mfa' as const);
      }
      complete(s.user);
      return 'done' as const;
    },
    [complete],
  );

  const verifyMfa = useCallback(
    async (code: string) => {
      await api.mfaVerify(code);
      const s = await api.me();
      setCsrfToken(s.csrfToken);
      setDraftKey(s.draftKey);
      pendingUser.current = null;
      complete(s.user);
    },
    [complete],
  );

  const adoptNewSession = useCallback(async () => {
    const s = await api.me();
    setCsrfToken(s.csrfToken);
    setDraftKey(s.draftKey);
    setReauthenticateWith(s.reauthenticateWith);
    // The same person with a live page: nothing on screen needs reloading (the signature dialog
    // stays as it is). After an expiry, or for another person, as after any sign-in.
    if (s.user.id === user?.id && !expired) setUser(s.user);
    else complete(s.user);
  }, [complete, user, expired]);

  const signOut = useCallback(async () => {
    let endSessionUrl: string | null = null;
    try {
      endSessionUrl = await endSession();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    setCsrfToken(null);
    clearAllDrafts();
    setUser(null);
    setExpired(false);
    // A single sign-on session also ends at the provider, which then returns to /login.
    if (endSessionUrl) window.location.assign(endSessionUrl);
    else navigate('/login', { replace: true });
  }, []);

  const value = useMemo(
    () => ({ user, reauthenticateWith, adoptNewSession, expired, epoch, signIn, verifyMfa, signOut }),
    [user, reauthenticateWith, adoptNewSession, expired, epoch, signIn, verifyMfa, signOut],
  );
  return <Ctx.Provider value={value}>{children(loading ? 'loading' : 'ready')}</Ctx.Provider>;
}
