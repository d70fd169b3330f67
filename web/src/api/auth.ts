import type { CurrentUser, SystemInfo } from '../../../contracts/auth.ts';
import { api } from './client.ts';

export const authApi = {
  info: () => api.get<SystemInfo>('/api/system/info'),
  me: () => api.get<CurrentUser>('/api/auth/me'),
  login: (username: string, password: string) => api.post<CurrentUser>('/api/auth/login', { username, password }),
  logout: () => api.post<{ ok: true }>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) => api.post<CurrentUser>('/api/auth/password', { currentPassword, newPassword }),
  logoutOthers: () => api.post<{ ended: number }>('/api/auth/logout-others'),
};
