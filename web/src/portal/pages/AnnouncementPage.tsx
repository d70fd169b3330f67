import { Button, Card, Result, Skeleton, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ANNOUNCEMENT_CATEGORIES } from '../../../../contracts/announcements.ts';
import { ApiError } from '../../api/client.ts';
import { showError } from '../../api/errors.ts';
import { PageTitle } from '../PortalLayout.tsx';
import { portal, type PublicAnnouncement } from '../api.ts';

export default function AnnouncementPage() {
  const { id = '' } = useParams();
  const [a, setA] = useState<PublicAnnouncement | null | undefined>(undefined);
  useEffect(() => {
    portal.announcement(id).then(setA, (e: unknown) => {
      if (!(e instanceof ApiError && e.status === 404)) showError(e);
      setA(null);
    });
  }, [id]);
  if (a === undefined) return <Skeleton active style={{ padding: 16 }} />;
  if (a === null)
    return (
      <Result status="404" title="公告不存在或已撤回" extra={<Link to="/portal"><Button type="primary">回到首页</Button></Link>} />
    );
  return (
    <>
      <PageTitle>公告详情</PageTitle>
      <Card>
        <h2 style={{ fontSize: 20, lineHeight: 1.5, marginTop: 0 }}>{a.title}</h2>
        <div style={{ color: '#888', marginBottom: 16 }}>
          <Tag color="volcano">{ANNOUNCEMENT_CATEGORIES[a.category]}</Tag>
          {a.publishedAt ? dayjs(a.publishedAt).format('YYYY年M月D日') : ''}
        </div>
        <div className="portal-body">{a.body}</div>
      </Card>
    </>
  );
}
