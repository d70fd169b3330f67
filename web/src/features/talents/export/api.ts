import type { ExportRequest, ExportRequestStatus } from '../../../../../contracts/talent-export.ts';
import { api, toQuery, type Page } from '../../../api/client.ts';
import { downloadFile } from '../files.ts';

export type { ExportRequest, ExportRequestStatus };

export const exportApi = {
  /** The masked xlsx of the registry under these filters (the list's filters, no paging). */
  download: (filter: Record<string, string>) => downloadFile(`/api/talents/export${toQuery(filter)}`, '人才信息.xlsx'),
  /** The unmasked xlsx of an approved request: once only, with the request's stored filter. */
  downloadApproved: (requestId: string) => downloadFile(`/api/talents/export${toQuery({ exportRequestId: requestId })}`, '人才信息（未脱敏）.xlsx'),
  request: (filter: Record<string, string>, reason: string) => api.post<ExportRequest>('/api/talents/export-requests', { filter, reason }),
  list: (q: { status?: ExportRequestStatus; mine?: 'true' | 'false'; page: number; pageSize: number }) => api.get<Page<ExportRequest>>('/api/talents/export-requests', q),
  approve: (id: string, note?: string) => api.post<ExportRequest>(`/api/talents/export-requests/${id}/approve`, { note }),
  reject: (id: string, note: string) => api.post<ExportRequest>(`/api/talents/export-requests/${id}/reject`, { note }),
};
