import type { z } from 'zod';
import type { Org, Outpost, UpdateOrgBodySchema } from '../../../../contracts/org.ts';
import { api } from '../../api/client.ts';

export type OrgInput = z.input<typeof UpdateOrgBodySchema>;
export interface Division {
  code: string;
  name: string;
  hasChildren: boolean;
}

export const orgApi = {
  get: () => api.get<Org>('/api/org'),
  save: (body: OrgInput) => api.put<Org>('/api/org', body),
  outposts: () => api.get<Outpost[]>('/api/outposts'),
  divisions: (parent?: string) => api.get<Division[]>('/api/divisions', { parent }),
};
