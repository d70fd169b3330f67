import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { portal, type PortalInfo, type PortalMe } from './api.ts';

interface PortalSession {
  /** undefined while loading; null when not logged in. */
  me: PortalMe | null | undefined;
  info: PortalInfo | null;
  setMe(me: PortalMe | null): void;
  reload(): Promise<void>;
  logout(): Promise<void>;
}

const Ctx = createContext<PortalSession | null>(null);

/** The portal account of this browser (cookie fg_portal), separate from any back-office session. */
export function PortalSessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<PortalMe | null | undefined>(undefined);
  const [info, setInfo] = useState<PortalInfo | null>(null);
  const reload = useCallback(async () => {
    try {
      setMe(await portal.me());
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'UNAUTHENTICATED') console.error(e);
      setMe(null);
    }
  }, []);
  useEffect(() => {
    void reload();
    portal.info().then(setInfo, () => setInfo(null));
  }, [reload]);
  const logout = useCallback(async () => {
    await portal.logout().catch(() => undefined);
    setMe(null);
  }, []);
  const value = useMemo(() => ({ me, info, setMe, reload, logout }), [me, info, reload, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function usePortal(): PortalSession {
  const s = useContext(Ctx);
  if (!s) throw new Error('usePortal outside <PortalSessionProvider>');
  return s;
}
