// Who is signed in: the principal from GET /api/session, sign-in and sign-out, and `can`.
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { onUnauthenticated, request, setCsrfToken } from './api';
import type { Principal } from './types';

interface SessionState {
  /** The signed-in caller; null when nobody is; undefined while the first check runs. */
  principal: Principal | null | undefined;
  /** Signs in (POST /api/session); throws ApiError with the API's message when refused. */
  signIn(user: string, password: string): Promise<void>;
  /** Signs out (DELETE /api/session) and forgets the principal. */
  signOut(): Promise<void>;
  /** True when the caller holds `permission` (view, trigger, cancel, answer, promote, admin). */
  can(permission: string): boolean;
  /** True when the last session ended by itself (expired), to say so on the sign-in page. */
  expired: boolean;
}

const SessionContext = createContext<SessionState | null>(null);

/** Loads the session once and keeps it; a 401 from any later call signs the UI out. */
export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [principal, setPrincipal] = useState<Principal | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const adopt = (p: Principal | null) => {
    setCsrfToken(p?.csrf_token ?? '');
    setPrincipal(p);
  };

  useEffect(() => {
    request<Principal>('GET', '/api/session', undefined, true)
      .then(adopt)
      .catch(() => adopt(null));
    onUnauthenticated(() => {
      setExpired(true);
      adopt(null);
    });
  }, []);

  const signIn = useCallback(async (user: string, password: string) => {
    const p = await request<Principal>('POST', '/api/session', { user, password }, true);
    setExpired(false);
    adopt(p);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await request('DELETE', '/api/session', undefined, true);
    } finally {
      setExpired(false);
      adopt(null);
    }
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      principal,
      signIn,
      signOut,
      expired,
      can: (permission: string) => !!principal?.permissions?.includes(permission),
    }),
    [principal, expired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session (inside SessionProvider). */
export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
