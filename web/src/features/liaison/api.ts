import type { z } from 'zod';
import type { Assignment, Contact, FollowUp, InspectionSchema, LeaderSchema, NotificationSchema, Rules, Supervision } from '../../../../contracts/liaison.ts';
import { api } from '../../api/client.ts';

export type { Assignment, Contact, FollowUp, Rules, Supervision };
export type Leader = z.infer<typeof LeaderSchema>;
export type Inspection = z.infer<typeof InspectionSchema>;
export type LiaisonNotification = z.infer<typeof NotificationSchema>;

export interface ContactInput {
  assignmentId: string;
  channel: string;
  contactDate: string;
  summary: string;
  problems?: string;
  followUpNeeded: boolean;
  followUpOwner?: string;
  followUpDue?: string;
}

export const liaisonApi = {
  my: () => api.get<Assignment[]>('/api/liaison/my'),
  leaders: () => api.get<Leader[]>('/api/liaison/leaders'),
  assignments: (q: { leaderId?: string; talentId?: string; includeEnded?: string }) => api.get<Assignment[]>('/api/liaison/assignments', q),
  assign: (body: { leaderId: string; talentIds?: string[]; filter?: Record<string, unknown> }) => api.post<{ assigned: number; skipped: number }>('/api/liaison/assignments', body),
  reassign: (id: string, leaderId: string) => api.post<{ ok: true }>(`/api/liaison/assignments/${id}/reassign`, { leaderId }),
  end: (id: string) => api.post<{ ok: true }>(`/api/liaison/assignments/${id}/end`),
  logContact: (body: ContactInput) => api.post<Contact>('/api/liaison/contacts', body),
  contacts: (q: { leaderId?: string; talentId?: string }) => api.get<Contact[]>('/api/liaison/contacts', q),
  followUps: (q: { leaderId?: string; status?: string } = {}) => api.get<FollowUp[]>('/api/liaison/follow-ups', q),
  resolve: (id: string, resolution: string) => api.post<FollowUp>(`/api/liaison/follow-ups/${id}/resolve`, { resolution }),
  supervision: () => api.get<Supervision>('/api/liaison/supervision'),
  inspections: () => api.get<Inspection[]>('/api/liaison/inspections'),
  createInspection: (body: Record<string, unknown>) => api.post<Inspection>('/api/liaison/inspections', body),
  notifications: () => api.get<LiaisonNotification[]>('/api/liaison/notifications'),
  readNotification: (id: string) => api.post<{ ok: true }>(`/api/liaison/notifications/${id}/read`),
  rules: () => api.get<Rules>('/api/liaison/rules'),
  putRules: (body: Rules) => api.put<Rules>('/api/liaison/rules', body),
};

export const STATUS_TAG: Record<string, { color: string; text: string }> = {
  overdue: { color: 'red', text: '已超期' },
  due: { color: 'orange', text: '今日到期' },
  soon: { color: 'gold', text: '即将到期' },
  ok: { color: 'green', text: '正常' },
};

export function dueText(a: Pick<Assignment, 'status' | 'daysLeft' | 'nextDue' | 'reason'>): string {
  if (!a.nextDue || a.daysLeft === null) return '';
  const what = a.reason === 'frequency' ? '定期联系' : a.reason;
  if (a.status === 'overdue') return `${what}超期 ${-a.daysLeft} 天（应于 ${a.nextDue}）`;
  if (a.daysLeft <= 0) return `${what}今日到期`;
  return `${what} ${a.daysLeft} 天后到期（${a.nextDue}）`;
}
