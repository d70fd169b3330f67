import type { z } from 'zod';
import type {
  CalendarDay, CollectTalentResultSchema, CreateCaseBody, HotlineCase, HotlineCaseDetail, HotlineStats, LookupResult, SlaPolicy,
  StaffOptionSchema, WorkHours,
} from '../../../../contracts/hotline.ts';
import { api, toQuery, type Page } from '../../api/client.ts';

export type { CalendarDay, HotlineCase, HotlineCaseDetail, HotlineStats, LookupResult, SlaPolicy, WorkHours };
export type StaffOption = z.infer<typeof StaffOptionSchema>;
export type CollectResult = z.infer<typeof CollectTalentResultSchema>;

export interface CaseFilters {
  q?: string;
  status?: string;
  category?: string;
  source?: string;
  level?: string;
  sla?: string;
  mine?: string;
  phone?: string;
}
export interface StatsFilters {
  from: string;
  to: string;
  level?: string;
  category?: string;
  period?: 'day' | 'week' | 'month';
}

const base = '/api/hotline';
const act = (id: string, path: string, body: object) => api.post<HotlineCaseDetail>(`${base}/cases/${id}/${path}`, body);

export const hotlineApi = {
  lookup: (phone: string) => api.get<LookupResult>(`${base}/lookup`, { phone }),
  list: (f: CaseFilters, page: number, pageSize: number) => api.get<Page<HotlineCase>>(`${base}/cases`, { ...f, page, pageSize }),
  escalations: (page: number, pageSize: number) => api.get<Page<HotlineCase>>(`${base}/escalations`, { page, pageSize }),
  get: (id: string) => api.get<HotlineCaseDetail>(`${base}/cases/${id}`),
  create: (body: CreateCaseBody) => api.post<HotlineCaseDetail>(`${base}/cases`, body),
  act,
  note: (id: string, note: string) => act(id, 'notes', { note }),
  collect: (id: string, body: { mode?: 'auto' | 'create' | 'update'; talentId?: string; fields: Record<string, unknown> }) =>
    api.post<CollectResult>(`${base}/cases/${id}/talent`, body),
  staff: (level: string | null) => api.get<StaffOption[]>(`${base}/staff`, { level: level ?? 'city' }),
  stats: (f: StatsFilters) => api.get<HotlineStats>(`${base}/stats`, { ...f }),
  exportUrl: (f: StatsFilters) => `${base}/stats/export${toQuery({ ...f })}`,
  settings: () => api.get<{ workHours: WorkHours; policies: SlaPolicy[] }>(`${base}/settings`),
  putPolicies: (policies: SlaPolicy[]) => api.put<{ workHours: WorkHours; policies: SlaPolicy[] }>(`${base}/settings/sla-policies`, { policies }),
  putWorkHours: (h: WorkHours) => api.put<{ workHours: WorkHours; policies: SlaPolicy[] }>(`${base}/settings/work-hours`, h),
  calendar: (year: number) => api.get<CalendarDay[]>(`${base}/calendar`, { year }),
  putCalendar: (year: number, days: CalendarDay[]) => api.put<CalendarDay[]>(`${base}/calendar?year=${year}`, { days }),
};
