import { CustomerServiceOutlined, HomeOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, ConfigProvider, Spin } from 'antd';
import { Suspense, useEffect, type ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { BRAND_COLOR } from '../app/theme.ts';
import { usePortal } from './session.tsx';
import './portal.css';

const TABS = [
  { to: '/portal', label: '首页', icon: <HomeOutlined />, match: (p: string) => p === '/portal' || p.startsWith('/portal/announcements') },
  { to: '/portal/help', label: '我要求助', icon: <CustomerServiceOutlined />, match: (p: string) => p.startsWith('/portal/help') || p.startsWith('/portal/requests') },
  { to: '/portal/me', label: '我的', icon: <UserOutlined />, match: (p: string) => !['/portal', '/portal/help', '/portal/requests'].includes(p) && !p.startsWith('/portal/announcements') },
];

/**
 * The portal's own frame, mobile-first: a brand bar, one column at most 560 px wide, large
 * controls (48 px touch targets) and a bottom tab bar within thumb reach.
 */
export function PortalLayout() {
  const { info } = usePortal();
  const { pathname } = useLocation();
  useEffect(() => {
    window.scrollTo(0, 0); // (Chromium returns a Promise here; an effect must return nothing)
  }, [pathname]);
  return (
    <ConfigProvider componentSize="large" theme={{ token: { fontSize: 16, controlHeightLG: 48 } }}>
      <div className="portal">
        <header className="portal-bar" style={{ background: BRAND_COLOR }}>
          <Link to="/portal" className="portal-brand">
            <span className="portal-logo">凤</span>
            <span>
              <strong>一家人云服务平台</strong>
              <small>{info?.cityName ?? ''}在外乡贤之家</small>
            </span>
          </Link>
        </header>
        {info?.demo && <Alert banner type="warning" title="演示环境：页面中的人员和数据均为虚构" />}
        <main className="portal-main">
          <Suspense fallback={<Spin style={{ display: 'block', margin: '64px auto' }} />}>
            <Outlet />
          </Suspense>
          <footer className="portal-footer">
            <Link to="/portal/consent">个人信息保护</Link> · <Link to="/login">工作人员入口</Link>
          </footer>
        </main>
        <nav className="portal-tabs" aria-label="主导航">
          {TABS.map((t) => (
            <Link key={t.to} to={t.to} className={t.match(pathname) ? 'active' : undefined} aria-current={t.match(pathname) ? 'page' : undefined}>
              {t.icon}
              <span>{t.label}</span>
            </Link>
          ))}
        </nav>
      </div>
    </ConfigProvider>
  );
}

/** A page for logged-in talents only; others go to the login page and come back. */
export function RequirePortal({ children }: { children: ReactNode }) {
  const { me } = usePortal();
  const location = useLocation();
  if (me === undefined) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (me === null) return <Navigate to="/portal/login" replace state={{ from: location.pathname }} />;
  return children;
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  useEffect(() => {
    document.title = `${typeof children === 'string' ? children : '一家人云服务平台'} · 一家人云服务平台`;
  }, [children]);
  return (
    <div className="portal-title">
      <h1>{children}</h1>
      {extra}
    </div>
  );
}
