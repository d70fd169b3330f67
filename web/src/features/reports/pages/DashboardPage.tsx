import { Card, Col, Empty, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { menuTree, allPages } from '../../../app/access.ts';
import { RoleTags } from '../../../app/layout/UserBox.tsx';
import { useCurrentUser, useSession } from '../../../app/session.tsx';

function greeting(): string {
  const h = dayjs().hour();
  if (h < 6) return '夜深了';
  if (h < 12) return '上午好';
  if (h < 14) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
}

/** 工作台: a welcome for now; the dashboard of `reports` grows here. */
export default function DashboardPage() {
  const user = useCurrentUser();
  const { info, roles } = useSession();
  const shortcuts = allPages(menuTree(roles)).filter((p) => p.path !== '/');
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {greeting()}，{user.displayName}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            欢迎使用{info?.cityName ?? ''}“凤归”人才回引工作平台。今天是 {dayjs().format('YYYY年M月D日 dddd')}。
          </Typography.Paragraph>
          <div>
            <Typography.Text type="secondary">您的角色：</Typography.Text>
            <RoleTags roles={user.roles} />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title="常用功能">
          {shortcuts.length ? (
            <Row gutter={[12, 12]}>
              {shortcuts.map((p) => (
                <Col key={p.path} xs={12} sm={8}>
                  <Link to={p.path}>
                    <Card size="small" hoverable style={{ textAlign: 'center' }}>
                      <div style={{ fontSize: 22 }}>{p.icon}</div>
                      <div>{p.name}</div>
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          ) : (
            <Empty description="暂无其他功能" />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title="工作概况">
          <Empty description="统计数据即将上线" />
        </Card>
      </Col>
    </Row>
  );
}
