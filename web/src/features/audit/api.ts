import type { AuditChecksView, AuditEntry } from '../../../../contracts/audit.ts';
import { api, type Page } from '../../api/client.ts';

export interface AuditFilters {
  actor?: string;
  action?: string;
  /** ISO 8601 with offset. */
  from?: string;
  to?: string;
}

export const auditApi = {
  list: (f: AuditFilters, page: number, pageSize: number) => api.get<Page<AuditEntry>>('/api/audit', { ...f, page, pageSize }),
  checks: () => api.get<AuditChecksView>('/api/audit/checks'),
  checkNow: () => api.post<{ jobId: string }>('/api/audit/checks'),
};
