import type { Role, RoleGrant } from '../../../../contracts/roles.ts';
import type { TotpPolicyView } from '../../../../contracts/totp.ts';
import type { User } from '../../../../contracts/users.ts';
import { api, type Page } from '../../api/client.ts';

export interface AccountFilters {
  q?: string;
  role?: string;
  disabled?: 'true' | 'false';
}

export const securityApi = {
  totpPolicy: () => api.get<TotpPolicyView>('/api/security/totp-policy'),
  saveTotpPolicy: (roles: Role[]) => api.put<TotpPolicyView>('/api/security/totp-policy', { roles }),
  /** Accounts with their roles (角色授权). */
  accounts: (f: AccountFilters, page: number, pageSize: number) => api.get<Page<User>>('/api/security/users', { ...f, page, pageSize }),
  setRoles: (id: string, version: number, roles: RoleGrant[]) => api.put<User>(`/api/security/users/${id}/roles`, { version, roles }),
};
