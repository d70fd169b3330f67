import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Grid, List, Popover, Result, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { showError } from '../../api/errors.ts';
import { notificationsApi, type Inbox, type InboxItem } from '../../features/notifications/api.ts';

const KIND_COLOR: Record<string, string> = { overdue: 'red', due: 'orange', week_before: 'gold' };
/** Re-read the count at most this often while the user moves between pages. */
const REFRESH_MS = 30_000;

/**
 * The header bell: unread count, the latest notifications, mark read / mark all read; a click
 * marks the notification read and opens what it is about.
 *
 * It does not poll on a timer: a background request every minute would keep an idle session alive
 * forever (the idle timeout is a 等保 requirement). The count is read when the layout mounts, when
 * the user moves to another page (at most every 30 s) and whenever the list is opened; reminders
 * are made by a daily job, so nothing is missed.
 */
export function NotificationBell() {
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const last = useRef(0);
  const { pathname } = useLocation();
  const navigate = useNavigate();
  // On a phone the list is a drawer from the top (a popover would hang off the screen's edge).
  const phone = Grid.useBreakpoint().md === false;

  const load = useCallback(async (quiet: boolean) => {
    last.current = Date.now();
    if (!quiet) setLoading(true);
    try {
      setInbox(await notificationsApi.inbox(20));
      setFailed(false);
    } catch (e) {
      setFailed(true);
      if (!quiet) showError(e);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (Date.now() - last.current >= REFRESH_MS) void load(true);
  }, [pathname, load]);

  const onOpenChange = (v: boolean) => {
    setOpen(v);
    if (v) void load(false);
  };

  const openItem = async (n: InboxItem) => {
    if (!n.readAt) {
      try {
        await notificationsApi.read(n.id);
        setInbox((cur) => cur && { unread: Math.max(0, cur.unread - 1), items: cur.items.map((i) => (i.id === n.id ? { ...i, readAt: new Date().toISOString() } : i)) });
      } catch (e) {
        showError(e);
        return;
      }
    }
    if (n.link) {
      setOpen(false);
      navigate(n.link);
    }
  };

  const readAll = async () => {
    setBusy(true);
    try {
      await notificationsApi.readAll();
      await load(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const unread = inbox?.unread ?? 0;
  const content = (
    <div style={{ width: phone ? '100%' : 360 }} data-testid="notification-panel">
      <div style={{ display: 'flex', alignItems: 'center', padding: '4px 4px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong style={{ flex: 1 }}>
          {!inbox ? '正在加载…' : unread > 0 ? `${unread} 条未读` : '没有未读通知'}
        </Typography.Text>
        <Button size="small" type="link" disabled={unread === 0 || busy} loading={busy} onClick={() => void readAll()}>
          全部标为已读
        </Button>
      </div>
      {loading && !inbox ? (
        <div style={{ padding: 12 }} data-testid="notification-loading">
          <Skeleton active paragraph={{ rows: 3 }} title={false} />
        </div>
      ) : failed && !inbox ? (
        <Result status="warning" subTitle="通知暂时无法加载" extra={<Button size="small" onClick={() => void load(false)}>重试</Button>} style={{ padding: 16 }} />
      ) : !inbox || inbox.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" style={{ margin: '24px 0' }} />
      ) : (
        <List
          loading={loading}
          dataSource={inbox.items}
          style={phone ? undefined : { maxHeight: 'min(420px, 60vh)', overflowY: 'auto' }}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              data-testid="notification-item"
              onClick={() => void openItem(n)}
              style={{ cursor: n.link || !n.readAt ? 'pointer' : undefined, padding: '10px 8px', background: n.readAt ? undefined : '#fffbe6', alignItems: 'flex-start' }}
            >
              <div style={{ minWidth: 0 }}>
                <div>
                  {!n.readAt && <Badge status="processing" style={{ marginInlineEnd: 6 }} />}
                  <Tag color={KIND_COLOR[n.kind] ?? 'blue'}>{n.kindLabel}</Tag>
                  <Typography.Text type={n.readAt ? 'secondary' : undefined}>{n.text}</Typography.Text>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                  {n.link ? ' · 点击查看' : ''}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  const button = (
    <Button type="text" aria-label={unread > 0 ? `通知，${unread} 条未读` : '通知'} data-testid="notification-bell" onClick={phone ? () => onOpenChange(true) : undefined}>
      <Badge count={unread} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
  if (phone) {
    return (
      <>
        {button}
        <Drawer title="通知" placement="top" size="auto" open={open} onClose={() => setOpen(false)} styles={{ body: { padding: '8px 12px', maxHeight: '75vh', overflowY: 'auto' } }}>
          {content}
        </Drawer>
      </>
    );
  }
  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={onOpenChange} content={content} arrow={false} title="通知">
      {button}
    </Popover>
  );
}
