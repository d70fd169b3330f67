import type { z } from 'zod';
import type { ImportDecision, ImportListSchema, ImportMatch, ImportStatus } from '../../../../../contracts/imports.ts';
import { api, type Page } from '../../../api/client.ts';
import { postForm } from '../files.ts';

export type ImportSummary = z.infer<typeof ImportListSchema>['items'][number];
export type Planned = { create: number; update: number; skip: number };

export const TEMPLATE_URL = '/api/talents/imports/template.xlsx';
export const errorsFileUrl = (id: string) => `/api/talents/imports/${id}/errors.xlsx`;

export const importApi = {
  /** Uploads the file for a preview; the server answers at once with the import's id. */
  upload: (file: File, campaignId?: string) => postForm<{ id: string }>('/api/talents/imports', { mode: 'preview', campaignId }, file),
  get: (id: string) => api.get<ImportStatus>(`/api/talents/imports/${id}`),
  list: (page: number, pageSize: number) => api.get<Page<ImportSummary>>('/api/talents/imports', { page, pageSize }),
  matches: (id: string, page: number, pageSize: number) => api.get<Page<ImportMatch>>(`/api/talents/imports/${id}/matches`, { page, pageSize }),
  decide: (id: string, body: { all?: ImportDecision; rows?: Record<string, ImportDecision> }) =>
    api.post<{ planned: Planned }>(`/api/talents/imports/${id}/decisions`, body),
  commit: (id: string) => api.post<{ id: string }>(`/api/talents/imports/${id}/commit`),
};
