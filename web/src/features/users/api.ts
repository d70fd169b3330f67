import type { z } from 'zod';
import type { CreateUserBodySchema, User } from '../../../../contracts/users.ts';
import { api, type Page } from '../../api/client.ts';

export type CreateUserInput = z.input<typeof CreateUserBodySchema>;
export interface UpdateUserInput {
  version: number;
  displayName?: string;
  /** A new mobile; null removes it; undefined leaves it as it is. */
  phone?: string | null;
  disabled?: boolean;
}
export interface UserFilters {
  q?: string;
  role?: string;
  disabled?: 'true' | 'false';
}

export const usersApi = {
  list: (f: UserFilters, page: number, pageSize: number) => api.get<Page<User>>('/api/users', { ...f, page, pageSize }),
  get: (id: string) => api.get<User>(`/api/users/${id}`),
  create: (body: CreateUserInput) => api.post<User>('/api/users', body),
  update: (id: string, body: UpdateUserInput) => api.patch<User>(`/api/users/${id}`, body),
  resetPassword: (id: string, password: string) => api.post<{ ok: true }>(`/api/users/${id}/reset-password`, { password }),
  resetTotp: (id: string) => api.post<unknown>(`/api/users/${id}/reset-totp`),
};
