import type { Inbox, InboxItem } from '../../../../contracts/notifications.ts';
import { api } from '../../api/client.ts';

export type { Inbox, InboxItem };

export const notificationsApi = {
  inbox: (limit = 20) => api.get<Inbox>('/api/notifications', { limit }),
  read: (id: string) => api.post<{ ok: true }>(`/api/notifications/${id}/read`),
  readAll: () => api.post<{ updated: number }>('/api/notifications/read-all'),
};
