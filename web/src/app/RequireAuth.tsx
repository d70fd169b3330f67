import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import ChangePasswordPage from '../features/auth/pages/ChangePasswordPage.tsx';
import TotpEnrolPage from '../features/auth/pages/TotpEnrolPage.tsx';
import { useSession } from './session.tsx';

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Children only for a logged-in user; otherwise to the login page, remembering where they were. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <FullPageSpin />;
  // Not logged in, or only half-way (the second factor is asked for on the login page).
  if (user === null || user.mfaRequired) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // An expired or administrator-set password: nothing else until it is changed.
  if (user.mustChangePassword) return <ChangePasswordPage forced />;
  // The security policy requires a second factor the user has not set up yet.
  if (user.mfaEnrolRequired) return <TotpEnrolPage />;
  return children;
}
