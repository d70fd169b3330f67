import type { CurrentUser, SystemInfo } from '../../../contracts/auth.ts';
import type { TotpEnableResult, TotpSetup, TotpStatus } from '../../../contracts/totp.ts';
import { api } from './client.ts';

export const authApi = {
  info: () => api.get<SystemInfo>('/api/system/info'),
  me: () => api.get<CurrentUser>('/api/auth/me'),
  login: (username: string, password: string) => api.post<CurrentUser>('/api/auth/login', { username, password }),
  logout: () => api.post<{ ok: true }>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) => api.post<CurrentUser>('/api/auth/password', { currentPassword, newPassword }),
  logoutOthers: () => api.post<{ ended: number }>('/api/auth/logout-others'),
  /** Second step of a login: a code from the authenticator app, or a recovery code. */
  verifyTotp: (body: { code: string } | { recoveryCode: string }) => api.post<CurrentUser>('/api/auth/totp/verify', body),
  totpStatus: () => api.get<TotpStatus>('/api/auth/totp'),
  totpSetup: () => api.post<TotpSetup>('/api/auth/totp/setup'),
  totpEnable: (code: string) => api.post<TotpEnableResult>('/api/auth/totp/enable', { code }),
  totpDisable: (password: string, code: string) => api.post<CurrentUser>('/api/auth/totp/disable', { password, code }),
};
