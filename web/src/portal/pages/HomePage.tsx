import { BankOutlined, CustomerServiceOutlined, RocketOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Skeleton, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ANNOUNCEMENT_CATEGORIES } from '../../../../contracts/announcements.ts';
import { showError } from '../../api/errors.ts';
import { portal, type AnnouncementList } from '../api.ts';
import { usePortal } from '../session.tsx';

/** What the hometown offers; each opens "ask for help" with the matching type. */
const OFFERS = [
  { icon: <BankOutlined />, title: '人才政策', text: '安家补贴、子女入学、人才公寓', category: 'policy' },
  { icon: <SolutionOutlined />, title: '岗位信息', text: '事业单位引才、重点企业招聘', category: 'employment' },
  { icon: <RocketOutlined />, title: '返乡创业', text: '创业贷款贴息、场地和辅导', category: 'startup' },
  { icon: <TeamOutlined />, title: '项目合作', text: '带项目、带技术回家乡落地', category: 'project' },
];

export default function HomePage() {
  const { me, info } = usePortal();
  const navigate = useNavigate();
  const [news, setNews] = useState<AnnouncementList | null>(null);
  useEffect(() => {
    document.title = '一家人云服务平台';
    portal.announcements(1, 8).then(setNews, (e: unknown) => {
      showError(e);
      setNews({ items: [], total: 0, page: 1, pageSize: 8 });
    });
  }, []);
  return (
    <>
      <section className="portal-hero">
        <h2>家乡一家人</h2>
        <p>{info?.cityName ?? '家乡'}在外乡贤的网上家园：登记信息、了解政策、有事找家乡。</p>
        {me ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button block size="large" onClick={() => navigate('/portal/profile')}>
              {me.profileStatus === 'none' ? '填写我的登记信息' : '我的登记信息'}
            </Button>
          </Space>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button block size="large" onClick={() => navigate('/portal/register')} style={{ fontWeight: 600 }}>
              立即登记
            </Button>
            <Button block size="large" ghost onClick={() => navigate('/portal/login')}>
              已有账号，登录
            </Button>
          </Space>
        )}
      </section>

      <Card title="家乡为您提供" styles={{ body: { padding: 12 } }}>
        <div className="portal-offers">
          {OFFERS.map((o) => (
            <Link key={o.title} to={`/portal/help?category=${o.category}`} className="portal-offer">
              {o.icon}
              <strong>{o.title}</strong>
              <span>{o.text}</span>
            </Link>
          ))}
        </div>
      </Card>

      <Card title="最新公告" styles={{ body: { paddingTop: 4 } }}>
        {!news ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : news.items.length === 0 ? (
          <Empty description="暂无公告" />
        ) : (
          <List
            dataSource={news.items}
            renderItem={(a) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Link to={`/portal/announcements/${a.id}`} style={{ color: 'inherit', display: 'block', width: '100%' }}>
                  <div style={{ fontWeight: 600, lineHeight: 1.5 }}>{a.title}</div>
                  <div style={{ marginTop: 4, color: '#888', fontSize: 13 }}>
                    <Tag color="volcano">{ANNOUNCEMENT_CATEGORIES[a.category]}</Tag>
                    {a.publishedAt ? dayjs(a.publishedAt).format('YYYY-MM-DD') : ''}
                  </div>
                </Link>
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <div style={{ fontWeight: 600, fontSize: 17 }}>有事找家乡</div>
          <div style={{ color: '#666' }}>政策咨询、求职就业、返乡创业、项目合作，在线提交后由返乡热线专人办理，答复在“我的求助”中查看。</div>
          <Button type="primary" block icon={<CustomerServiceOutlined />} onClick={() => navigate('/portal/help')}>
            我要求助
          </Button>
        </Space>
      </Card>
    </>
  );
}
