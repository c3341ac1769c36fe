/**
 * Who is signed in. Loads GET /me once; login, register and logout update it and re-open the
 * socket so its handshake carries the new session cookie.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LoginBody, Me, RegisterBody } from '../../../../shared/index.js';
import * as rest from '../../api/rest.js';
import { useRealtime } from '../../api/RealtimeContext.js';
import { sessionSignals } from '../../api/errors.js';

export interface Session {
  me: Me | null;
  /** True until GET /me answered. */
  loading: boolean;
  login(body: LoginBody): Promise<void>;
  register(body: RegisterBody): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const realtime = useRealtime();
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    rest
      .fetchMe()
      .then((m) => live && setMe(m))
      .catch((e: unknown) => console.warn('GET /me failed', e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    // The server says the session is gone (logout elsewhere, expiry): show the signed-out state.
    const expired = () => setMe(null);
    sessionSignals.addEventListener('expired', expired);
    return () => sessionSignals.removeEventListener('expired', expired);
  }, []);

  const login = useCallback(async (body: LoginBody) => {
    setMe(await rest.login(body));
    realtime.reconnect();
  }, [realtime]);
  const register = useCallback(async (body: RegisterBody) => {
    setMe(await rest.register(body));
    realtime.reconnect();
  }, [realtime]);
  const logout = useCallback(async () => {
    await rest.logout();
    setMe(null);
    realtime.reconnect();
  }, [realtime]);

  const value = useMemo(() => ({ me, loading, login, register, logout }), [me, loading, login, register, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
