import { useEffect, useState } from 'react';
import type { CurrentUser } from '../../../../contracts/auth.ts';
import { HOTLINE_STAFF } from '../../../../contracts/hotline.ts';
import { showError } from '../../api/errors.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { orgApi } from '../org/api.ts';

export interface LevelOption {
  value: string;
  label: string;
}

/** Desk bindings of the user: city level (no county) or the counties they work for. */
export function deskScope(user: CurrentUser): { city: boolean; countyIds: string[] } {
  const desk = user.roles.filter((r) => HOTLINE_STAFF.includes(r.role));
  return { city: desk.some((r) => r.role === 'city_admin' || !r.countyId), countyIds: desk.map((r) => r.countyId).filter((x): x is string => !!x) };
}

/** 市热线 + every active county (as transfer targets) and the levels this user may open cases at. */
export function useLevels() {
  const user = useCurrentUser();
  const [all, setAll] = useState<LevelOption[]>([{ value: 'city', label: '市热线' }]);
  useEffect(() => {
    orgApi.get().then(
      (org) => setAll([{ value: 'city', label: '市热线' }, ...org.counties.filter((c) => c.active).map((c) => ({ value: c.id, label: `${c.name}热线` }))]),
      showError,
    );
  }, []);
  const scope = deskScope(user);
  const own = scope.city ? all : all.filter((l) => scope.countyIds.includes(l.value));
  return { all, own, city: scope.city, defaultLevel: scope.city ? 'city' : (scope.countyIds[0] ?? 'city') };
}

export const levelToCounty = (v: string | undefined | null) => (!v || v === 'city' ? null : v);
