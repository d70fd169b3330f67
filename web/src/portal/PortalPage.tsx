import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PortalLayout, RequirePortal } from './PortalLayout.tsx';
import { PortalSessionProvider } from './session.tsx';

/**
 * 一家人云服务平台 — the talents' own site under /portal: mobile-first, its own layout and its own
 * session (a portal account, not a staff user). Pages load lazily; all text is Simplified Chinese.
 */
const HomePage = lazy(() => import('./pages/HomePage.tsx'));
const AnnouncementPage = lazy(() => import('./pages/AnnouncementPage.tsx'));
const RegisterPage = lazy(() => import('./pages/RegisterPage.tsx'));
const LoginPage = lazy(() => import('./pages/LoginPage.tsx'));
const ForgotPasswordPage = lazy(() => import('./pages/ForgotPasswordPage.tsx'));
const ConsentPage = lazy(() => import('./pages/ConsentPage.tsx'));
const ProfilePage = lazy(() => import('./pages/ProfilePage.tsx'));
const HelpPage = lazy(() => import('./pages/HelpPage.tsx'));
const MyRequestsPage = lazy(() => import('./pages/MyRequestsPage.tsx'));
const RightsPage = lazy(() => import('./pages/RightsPage.tsx'));
const MePage = lazy(() => import('./pages/MePage.tsx'));
const NotFound = lazy(() => import('./pages/NotFoundPage.tsx'));

const own = (page: React.ReactNode) => <RequirePortal>{page}</RequirePortal>;

export default function PortalPage() {
  return (
    <PortalSessionProvider>
      <Routes>
        <Route element={<PortalLayout />}>
          <Route index element={<HomePage />} />
          <Route path="announcements/:id" element={<AnnouncementPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="forgot" element={<ForgotPasswordPage />} />
          <Route path="consent" element={<ConsentPage />} />
          <Route path="me" element={<MePage />} />
          <Route path="profile" element={own(<ProfilePage />)} />
          <Route path="help" element={<HelpPage />} />
          <Route path="requests" element={own(<MyRequestsPage />)} />
          <Route path="rights" element={own(<RightsPage />)} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </PortalSessionProvider>
  );
}
