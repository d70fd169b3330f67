import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Grid, Layout, Typography } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { canOpen } from '../access.ts';
import { BRAND_COLOR } from '../theme.ts';
import { useSession } from '../session.tsx';
import { DemoBanner } from './DemoBanner.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { currentPage, SideMenu } from './SideMenu.tsx';
import { UserBox } from './UserBox.tsx';

const { Header, Sider, Content } = Layout;

function Brand({ small }: { small?: boolean }) {
  const { info } = useSession();
  return (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff', padding: '16px 20px', whiteSpace: 'nowrap', overflow: 'hidden' }}>
      <span style={{ background: BRAND_COLOR, borderRadius: 6, width: 28, height: 28, display: 'grid', placeItems: 'center', fontWeight: 700, flex: 'none' }}>凤</span>
      {!small && (
        <span style={{ lineHeight: 1.2 }}>
          <div style={{ fontWeight: 600, fontSize: 16 }}>凤归</div>
          <div style={{ fontSize: 12, opacity: 0.65 }}>{info?.cityName ?? ''}人才回引工作平台</div>
        </span>
      )}
    </Link>
  );
}

/** First-run hint for those who can set the city up. */
function SetupHint() {
  const { info, roles } = useSession();
  const { pathname } = useLocation();
  if (!info || info.initialised || pathname === '/admin/org') return null;
  if (!roles.includes('sysadmin') && !roles.includes('city_admin')) return null;
  return <Alert type="info" showIcon style={{ marginBottom: 16 }} title={<>首次使用：请先 <Link to="/admin/org">设置本市及所辖县（市、区）</Link>。</>} />;
}

/** The back office frame: demo banner, side menu (a drawer on phones), header, page. */
export function MainLayout() {
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const { pathname } = useLocation();
  const { roles } = useSession();
  const page = currentPage(pathname);
  // A page the user may not open (403) gets no title: its name is not theirs to see.
  const title = page && canOpen(page, roles) ? page.name : undefined;

  useEffect(() => {
    document.title = title ? `${title} · 凤归` : '凤归 · 人才回引工作平台';
  }, [title]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <DemoBanner />
      <Layout hasSider>
        {!phone && (
          <Sider width={220} collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" trigger={null}>
            <Brand small={collapsed} />
            <SideMenu />
          </Sider>
        )}
        {phone && (
          <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} size={240} closable={false} styles={{ body: { padding: 0, background: '#001529' } }}>
            <Brand />
            <SideMenu onNavigate={() => setDrawer(false)} />
          </Drawer>
        )}
        <Layout>
          <Header style={{ display: 'flex', alignItems: 'center', gap: 8, borderBottom: '1px solid #f0f0f0' }}>
            <Button
              type="text"
              aria-label={phone ? '打开菜单' : collapsed ? '展开菜单' : '收起菜单'}
              icon={phone ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => (phone ? setDrawer(true) : setCollapsed(!collapsed))}
            />
            <Typography.Title level={5} style={{ margin: 0, flex: 1, minWidth: 0 }} ellipsis>
              {title}
            </Typography.Title>
            <NotificationBell />
            <UserBox compact={!screens.lg} />
          </Header>
          <Content style={{ padding: phone ? 12 : 24 }}>
            <SetupHint />
            <Suspense>
              <Outlet />
            </Suspense>
          </Content>
        </Layout>
      </Layout>
    </Layout>
  );
}
