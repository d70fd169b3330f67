import { Button, Card, Empty, Skeleton, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { HOTLINE_CATEGORIES } from '../../../../contracts/hotline.ts';
import { showError } from '../../api/errors.ts';
import { PageTitle } from '../PortalLayout.tsx';
import { portal, type TalentCaseView } from '../api.ts';

const COLORS: Record<string, string> = { new: 'blue', in_progress: 'gold', follow_up: 'green', closed: 'default', cancelled: 'default' };

/** 我的求助: each request with its number, status and the hotline's answer. */
export default function MyRequestsPage() {
  const [rows, setRows] = useState<TalentCaseView[] | null>(null);
  const navigate = useNavigate();
  useEffect(() => {
    portal.helpRequests().then(setRows, (e: unknown) => {
      showError(e);
      setRows([]);
    });
  }, []);
  return (
    <>
      <PageTitle extra={<Button type="primary" size="middle" onClick={() => navigate('/portal/help')}>新的求助</Button>}>我的求助</PageTitle>
      {!rows ? (
        <Skeleton active style={{ padding: 16 }} />
      ) : rows.length === 0 ? (
        <Card>
          <Empty description="还没有求助记录" />
        </Card>
      ) : (
        rows.map((c) => (
          <Card key={c.id} size="small" data-testid="help-request">
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <strong style={{ fontSize: 16 }}>{c.subject}</strong>
              <Tag color={COLORS[c.status]}>{c.statusLabel}</Tag>
            </div>
            <div style={{ color: '#888', fontSize: 13, margin: '4px 0 8px' }}>
              {c.number} · {HOTLINE_CATEGORIES[c.category as keyof typeof HOTLINE_CATEGORIES] ?? c.category} · {dayjs(c.createdAt).format('YYYY-MM-DD HH:mm')}
            </div>
            <div style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>{c.content}</div>
            {c.answer ? (
              <div style={{ background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 8, padding: 10, marginTop: 10 }}>
                <div style={{ fontWeight: 600, marginBottom: 4 }}>答复{c.answeredAt ? `（${dayjs(c.answeredAt).format('MM-DD HH:mm')}）` : ''}</div>
                <div style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</div>
              </div>
            ) : (
              <div style={{ color: '#888', fontSize: 13, marginTop: 8 }}>正在办理，答复后将在这里显示。</div>
            )}
          </Card>
        ))
      )}
    </>
  );
}
