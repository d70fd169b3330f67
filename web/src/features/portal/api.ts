import type { z } from 'zod';
import type { Announcement, AnnouncementBodySchema, AnnouncementListSchema } from '../../../../contracts/announcements.ts';
import type { Chamber, ChamberBodySchema } from '../../../../contracts/chambers.ts';
import type { OutboxListSchema } from '../../../../contracts/notifications.ts';
import type {
  ChangeItemSchema,
  ChangeListSchema,
  RegistrationDetail,
  RegistrationListSchema,
  ResolveRightsBodySchema,
  StaffRightsListSchema,
  StaffRightsRequestSchema,
} from '../../../../contracts/portal-admin.ts';
import { api } from '../../api/client.ts';

export type RegistrationList = z.infer<typeof RegistrationListSchema>;
export type RegistrationItem = RegistrationList['items'][number];
export type ChangeItem = z.infer<typeof ChangeItemSchema>;
export type StaffRightsRequest = z.infer<typeof StaffRightsRequestSchema>;
export type OutboxList = z.infer<typeof OutboxListSchema>;
export type OutboxItem = OutboxList['items'][number];
export type { Announcement, Chamber, RegistrationDetail };
export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'all';

/** The back office's side of the portal: review queues, rights requests, announcements, chambers, outbox. */
export const portalAdminApi = {
  registrations: (status: ReviewStatus, page: number, pageSize: number) => api.get<RegistrationList>('/api/portal-admin/registrations', { status, page, pageSize }),
  registration: (id: string) => api.get<RegistrationDetail>(`/api/portal-admin/registrations/${id}`),
  approveRegistration: (id: string, version: number, linkTalentId: string | null) => api.post<RegistrationDetail>(`/api/portal-admin/registrations/${id}/approve`, { version, linkTalentId }),
  rejectRegistration: (id: string, version: number, reason: string) => api.post<RegistrationDetail>(`/api/portal-admin/registrations/${id}/reject`, { version, reason }),
  changes: (status: ReviewStatus, page: number, pageSize: number) => api.get<z.infer<typeof ChangeListSchema>>('/api/portal-admin/changes', { status, page, pageSize }),
  approveChange: (id: string, version: number) => api.post<ChangeItem>(`/api/portal-admin/changes/${id}/approve`, { version }),
  rejectChange: (id: string, version: number, reason: string) => api.post<ChangeItem>(`/api/portal-admin/changes/${id}/reject`, { version, reason }),
  rights: (status: string, page: number, pageSize: number) => api.get<z.infer<typeof StaffRightsListSchema>>('/api/portal-admin/rights-requests', { status, page, pageSize }),
  resolveRights: (id: string, body: z.input<typeof ResolveRightsBodySchema>) => api.post<StaffRightsRequest>(`/api/portal-admin/rights-requests/${id}/resolve`, body),
  announcements: (status: string, page: number, pageSize: number) => api.get<z.infer<typeof AnnouncementListSchema>>('/api/announcements', { status, page, pageSize }),
  createAnnouncement: (body: z.input<typeof AnnouncementBodySchema>) => api.post<Announcement>('/api/announcements', body),
  updateAnnouncement: (id: string, body: Partial<z.input<typeof AnnouncementBodySchema>> & { version: number }) => api.patch<Announcement>(`/api/announcements/${id}`, body),
  publish: (id: string, version: number) => api.post<Announcement>(`/api/announcements/${id}/publish`, { version }),
  unpublish: (id: string, version: number) => api.post<Announcement>(`/api/announcements/${id}/unpublish`, { version }),
  deleteAnnouncement: (id: string) => api.delete<{ ok: true }>(`/api/announcements/${id}`),
  chambers: () => api.get<Chamber[]>('/api/chambers'),
  createChamber: (body: z.input<typeof ChamberBodySchema>) => api.post<Chamber>('/api/chambers', body),
  updateChamber: (id: string, body: Partial<z.input<typeof ChamberBodySchema>> & { version: number }) => api.patch<Chamber>(`/api/chambers/${id}`, body),
  outbox: (page: number, pageSize: number) => api.get<OutboxList>('/api/outbox', { page, pageSize }),
};
