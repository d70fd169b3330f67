import type { Role } from '../../../../contracts/roles.ts';
import type { TotpPolicyView } from '../../../../contracts/totp.ts';
import { api } from '../../api/client.ts';

export const securityApi = {
  totpPolicy: () => api.get<TotpPolicyView>('/api/security/totp-policy'),
  saveTotpPolicy: (roles: Role[]) => api.put<TotpPolicyView>('/api/security/totp-policy', { roles }),
};
