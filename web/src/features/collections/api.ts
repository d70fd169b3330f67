import type { z } from 'zod';
import type { Collection, CollectionDetailSchema, CreateCollectionBodySchema, Submission } from '../../../../contracts/collections.ts';
import { api } from '../../api/client.ts';

export type { Collection, Submission };
export type CollectionDetail = z.infer<typeof CollectionDetailSchema>;
export type CreateCollectionInput = z.input<typeof CreateCollectionBodySchema>;

export const collectionsApi = {
  list: () => api.get<Collection[]>('/api/collections'),
  get: (id: string) => api.get<CollectionDetail>(`/api/collections/${id}`),
  create: (body: CreateCollectionInput) => api.post<CollectionDetail>('/api/collections', body),
  submit: (id: string, body: { countyId?: string; note?: string }) => api.post<CollectionDetail>(`/api/collections/${id}/submit`, body),
  review: (id: string, body: { countyId: string; decision: 'accepted' | 'returned'; note?: string }) => api.post<CollectionDetail>(`/api/collections/${id}/review`, body),
  close: (id: string) => api.post<CollectionDetail>(`/api/collections/${id}/close`),
};
