import type { z } from 'zod';
import type {
  CreateTalentBodySchema,
  PatchTalentBodySchema,
  SavedViewSchema,
  Talent,
  TalentHistoryEntrySchema,
  TalentListSchema,
} from '../../../../contracts/talents.ts';
import { api } from '../../api/client.ts';

export type TalentList = z.infer<typeof TalentListSchema>;
export type TalentListItem = TalentList['items'][number];
export type Facets = NonNullable<TalentList['facets']>;
export type TalentHistoryEntry = z.infer<typeof TalentHistoryEntrySchema>;
export type SavedView = z.infer<typeof SavedViewSchema>;
export type CreateTalentInput = z.input<typeof CreateTalentBodySchema>;
export type PatchTalentInput = z.input<typeof PatchTalentBodySchema>;
export interface Tier {
  code: string;
  name: string;
  criteria: string;
}
export interface Country {
  code: string;
  name: string;
}

export const talentsApi = {
  list: (query: Record<string, string | number>) => api.get<TalentList>('/api/talents', query),
  get: (id: string) => api.get<Talent>(`/api/talents/${id}`),
  create: (body: CreateTalentInput) => api.post<Talent>('/api/talents', body),
  update: (id: string, body: PatchTalentInput) => api.patch<Talent>(`/api/talents/${id}`, body),
  history: (id: string) => api.get<TalentHistoryEntry[]>(`/api/talents/${id}/history`),
  /** Unmasked ID number and phones; the server writes an audit event for every call. */
  reveal: (id: string) => api.post<{ idNumber: string | null; phones: string[] }>(`/api/talents/${id}/reveal`),
  tiers: () => api.get<Tier[]>('/api/talents/tiers'),
  countries: () => api.get<Country[]>('/api/countries'),
};

export const viewsApi = {
  list: () => api.get<SavedView[]>('/api/talent-views'),
  create: (name: string, query: Record<string, string>) => api.post<SavedView>('/api/talent-views', { name, query }),
  remove: (id: string) => api.delete<{ ok: true }>(`/api/talent-views/${id}`),
};
