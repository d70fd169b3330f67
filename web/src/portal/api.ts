import type { z } from 'zod';
import type { PublicAnnouncementListSchema, PublicAnnouncementSchema } from '../../../contracts/announcements.ts';
import type { TalentCaseView } from '../../../contracts/hotline.ts';
import type { CreateRightsRequestBodySchema, RightsRequestSchema } from '../../../contracts/portal-admin.ts';
import type {
  ConsentStatus,
  HelpRequestBodySchema,
  Notice,
  PortalInfoSchema,
  PortalMe,
  PortalProfile,
  PortalProfileBodySchema,
  SaveProfileResultSchema,
} from '../../../contracts/portal.ts';
import { portalApi as api } from '../api/client.ts';

export type PortalInfo = z.infer<typeof PortalInfoSchema>;
export type PublicAnnouncement = z.infer<typeof PublicAnnouncementSchema>;
export type AnnouncementList = z.infer<typeof PublicAnnouncementListSchema>;
export type RightsRequest = z.infer<typeof RightsRequestSchema>;
export type ProfileBody = z.input<typeof PortalProfileBodySchema>;
export type SaveProfileResult = z.infer<typeof SaveProfileResultSchema>;
export type { ConsentStatus, Notice, PortalMe, PortalProfile, TalentCaseView };
export interface Division {
  code: string;
  name: string;
  hasChildren: boolean;
}
type Target = { phone: string } | { email: string };
type Consent = { noticeVersion: string; personalInfo: true; sensitiveInfo: boolean };

/** The portal's API (一家人云服务平台), through the one client; 401s stay the portal's own. */
export const portal = {
  info: () => api.get<PortalInfo>('/api/portal/info'),
  notice: () => api.get<Notice>('/api/portal/notice'),
  divisions: (parent?: string) => api.get<Division[]>('/api/portal/divisions', { parent }),
  announcements: (page = 1, pageSize = 10) => api.get<AnnouncementList>('/api/portal/announcements', { page, pageSize }),
  announcement: (id: string) => api.get<PublicAnnouncement>(`/api/portal/announcements/${id}`),
  sendCode: (body: Target & { purpose: 'register' | 'reset' }) => api.post<{ sentTo: string; expiresInSeconds: number; resendAfterSeconds: number }>('/api/portal/auth/code', body),
  register: (body: Target & { code: string; password: string; consent: Consent }) => api.post<PortalMe>('/api/portal/auth/register', body),
  login: (account: string, password: string) => api.post<PortalMe>('/api/portal/auth/login', { account, password }),
  logout: () => api.post<{ ok: true }>('/api/portal/auth/logout'),
  resetPassword: (body: Target & { code: string; password: string }) => api.post<{ ok: true }>('/api/portal/auth/reset-password', body),
  me: () => api.get<PortalMe>('/api/portal/me'),
  consent: () => api.get<ConsentStatus>('/api/portal/consent'),
  giveConsent: (body: Consent) => api.post<ConsentStatus>('/api/portal/consent', body),
  withdrawConsent: (scope: 'sensitive' | 'all', reason?: string) => api.post<ConsentStatus>('/api/portal/consent/withdraw', { scope, reason }),
  profile: () => api.get<PortalProfile>('/api/portal/profile'),
  saveProfile: (body: ProfileBody) => api.put<SaveProfileResult>('/api/portal/profile', body),
  helpRequests: () => api.get<TalentCaseView[]>('/api/portal/help-requests'),
  askForHelp: (body: z.input<typeof HelpRequestBodySchema>) => api.post<{ id: string; number: string }>('/api/portal/help-requests', body),
  rightsRequests: () => api.get<RightsRequest[]>('/api/portal/rights-requests'),
  requestRights: (body: z.input<typeof CreateRightsRequestBodySchema>) => api.post<RightsRequest>('/api/portal/rights-requests', body),
};
