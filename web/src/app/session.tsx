import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CurrentUser, SystemInfo } from '../../../contracts/auth.ts';
import type { Role } from '../../../contracts/roles.ts';
import { authApi } from '../api/auth.ts';
import { ApiError, setUnauthenticatedHandler } from '../api/client.ts';
import { toast } from '../api/feedback.ts';

interface Session {
  /** undefined while the first /api/auth/me is in flight; null when logged out. */
  user: CurrentUser | null | undefined;
  info: SystemInfo | null;
  roles: Role[];
  /** The password step; the user answered has `mfaRequired` when a code must follow. */
  login(username: string, password: string): Promise<CurrentUser>;
  /** The second step (code or recovery code); a lockout ends the half-open login. */
  verifyTotp(body: { code: string } | { recoveryCode: string }): Promise<CurrentUser>;
  logout(): Promise<void>;
  reloadInfo(): Promise<void>;
  /** Replace the current user (after changing the password). */
  setCurrentUser(u: CurrentUser): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const userRef = useRef(user);
  userRef.current = user;

  const reloadInfo = useCallback(async () => {
    setInfo(await authApi.info().catch(() => null));
  }, []);

  useEffect(() => {
    // A 401 from any call means the session ended (expired, logged out elsewhere, disabled).
    setUnauthenticatedHandler(() => {
      if (userRef.current) toast().warning({ content: '登录已失效，请重新登录', key: 'session-expired' });
      setUser(null);
    });
    void reloadInfo();
    authApi
      .me()
      .then(setUser)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.code !== 'UNAUTHENTICATED') console.error(e);
        setUser(null);
      });
  }, [reloadInfo]);

  const login = useCallback(async (username: string, password: string) => {
    const u = await authApi.login(username, password);
    setUser(u);
    return u;
  }, []);

  const verifyTotp = useCallback(async (body: { code: string } | { recoveryCode: string }) => {
    try {
      const u = await authApi.verifyTotp(body);
      setUser(u);
      return u;
    } catch (e) {
      // Locked by this failure: the server ended the half-open session, so back to the password.
      if (e instanceof ApiError && e.code === 'ACCOUNT_LOCKED') setUser(null);
      throw e;
    }
  }, []);

  const logout = useCallback(async () => {
    await authApi.logout().catch(() => undefined);
    setUser(null);
  }, []);

  const value = useMemo<Session>(
    () => ({ user, info, roles: user ? [...new Set(user.roles.map((r) => r.role))] : [], login, verifyTotp, logout, reloadInfo, setCurrentUser: setUser }),
    [user, info, login, verifyTotp, logout, reloadInfo],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionProvider>');
  return s;
}

/** The logged-in user; only for pages under the authenticated layout. */
export function useCurrentUser(): CurrentUser {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser without a logged-in user');
  return user;
}
