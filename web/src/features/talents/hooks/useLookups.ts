import { useEffect, useState } from 'react';
import type { County, Outpost } from '../../../../../contracts/org.ts';
import { showError } from '../../../api/errors.ts';
import { orgApi, type Division } from '../../org/api.ts';
import { talentsApi, type Country, type Tier } from '../api.ts';
import { divisionPath, emptyLookups, type NameLookups } from '../labels.ts';

/**
 * The small reference lists the registry pages show names from: counties, outposts, tiers,
 * countries and national divisions. Fetched once per page load and shared by every page.
 */
const cache = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failed load is retried next time
  }
  return p;
}

export const loadCounties = () => once<County[]>('org', () => orgApi.get().then((o) => o.counties));
export const loadOutposts = () => once<Outpost[]>('outposts', orgApi.outposts);
export const loadTiers = () => once<Tier[]>('tiers', talentsApi.tiers);
export const loadCountries = () => once<Country[]>('countries', talentsApi.countries);
/** Children of a division (provinces without a parent), cached per parent. */
export const loadDivisions = (parent?: string) => once<Division[]>(`div:${parent ?? ''}`, () => orgApi.divisions(parent));

/** Names of a division code and its ancestors, e.g. 440305 → 广东省, 深圳市, 南山区. */
export async function loadDivisionNames(code: string): Promise<[string, string][]> {
  const path = divisionPath(code);
  const parents = [undefined, ...path.slice(0, -1)];
  const lists = await Promise.all(parents.map((p) => loadDivisions(p)));
  return path.map((c, i) => [c, lists[i]?.find((d) => d.code === c)?.name ?? c]);
}

export interface Lookups extends NameLookups {
  countyList: County[];
  outpostList: Outpost[];
  tierList: Tier[];
  countryList: Country[];
}

/** Loads what is asked for; names appear as they arrive. Failures go through the one error path. */
export function useLookups(want: { outposts?: boolean; countries?: boolean; divisionCodes?: string[] } = {}): Lookups {
  const [state, setState] = useState<Lookups>(() => ({ ...emptyLookups(), countyList: [], outpostList: [], tierList: [], countryList: [] }));
  const codes = (want.divisionCodes ?? []).join(',');

  useEffect(() => {
    let live = true;
    const set = (patch: Partial<Lookups>) => live && setState((s) => ({ ...s, ...patch }));
    loadCounties().then((cs) => set({ countyList: cs, counties: new Map(cs.map((c) => [c.id, c.name])) }), showError);
    loadTiers().then((ts) => set({ tierList: ts, tiers: new Map(ts.map((t) => [t.code, t.name])) }), showError);
    if (want.outposts) loadOutposts().then((os) => set({ outpostList: os, outposts: new Map(os.map((o) => [o.id, o.name])) }), showError);
    if (want.countries) loadCountries().then((cs) => set({ countryList: cs, countries: new Map(cs.map((c) => [c.code, c.name])) }), showError);
    return () => {
      live = false;
    };
  }, [want.outposts, want.countries]);

  useEffect(() => {
    if (!codes) return;
    let live = true;
    Promise.all(codes.split(',').map(loadDivisionNames))
      .then((pairs) => live && setState((s) => ({ ...s, divisions: new Map([...s.divisions, ...pairs.flat()]) })))
      .catch(showError);
    return () => {
      live = false;
    };
  }, [codes]);

  return state;
}
