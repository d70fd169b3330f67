import type { DuplicatePair, MergeBody } from '../../../../../contracts/talent-merge.ts';
import type { Talent } from '../../../../../contracts/talents.ts';
import { api, type Page } from '../../../api/client.ts';

export type { DuplicatePair, MergeBody };
export type DuplicateRecord = DuplicatePair['a'];

export const mergeApi = {
  duplicates: (page: number, pageSize: number) => api.get<Page<DuplicatePair>>('/api/talents/duplicates', { page, pageSize }),
  dismiss: (aId: string, bId: string) => api.post<{ ok: true }>('/api/talents/duplicates/dismiss', { aId, bId }),
  restore: (aId: string, bId: string) => api.post<{ ok: true }>('/api/talents/duplicates/restore', { aId, bId }),
  merge: (body: MergeBody) => api.post<{ survivor: Talent; mergedId: string; takenFromMerged: string[] }>('/api/talents/merge', body),
};
