import { Spin } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import ChangePasswordPage from '../features/auth/pages/ChangePasswordPage.tsx';
import LoginPage from '../features/auth/pages/LoginPage.tsx';
import PortalPage from '../portal/PortalPage.tsx';
import { allPages, canOpen, firstPagePath } from './access.ts';
import { ForbiddenPage, NoPagesPage, NotFoundPage } from './ErrorPages.tsx';
import { MainLayout } from './layout/MainLayout.tsx';
import { RequireAuth } from './RequireAuth.tsx';
import type { AppRoute } from './routes.tsx';
import { useSession } from './session.tsx';

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>{children}</Suspense>;
}

/** A page of the tree, or 403 for a user whose roles don't include its access. */
function Guarded({ route }: { route: AppRoute }) {
  const { roles } = useSession();
  const Page = route.page!;
  if (canOpen(route, roles)) {
    return (
      <Lazy>
        <Page />
      </Lazy>
    );
  }
  // The home path is nobody's dead end: send the user to their own first page instead.
  if (route.path === '/') {
    const first = firstPagePath(roles);
    return first ? <Navigate to={first} replace /> : <NoPagesPage />;
  }
  return <ForbiddenPage />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/portal/*" element={<PortalPage />} />
      <Route
        element={
          <RequireAuth>
            <MainLayout />
          </RequireAuth>
        }
      >
        {allPages().map((r) => (
          <Route key={r.path} path={r.path} element={<Guarded route={r} />} />
        ))}
        <Route path="/account/password" element={<ChangePasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
