import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { ApiError, api, onUnauthorized } from '../api/client';
import type { Me } from '../api/types';
import { ErrorNotice, Loading } from '../components/Notice';
import { AuditPage } from '../pages/audit/AuditPage';
import { DeliveriesPage } from '../pages/deliveries/DeliveriesPage';
import { DevicesPage } from '../pages/devices/DevicesPage';
import { ForbiddenPage, NotFoundPage } from '../pages/errors/ErrorPages';
import { InspectorsPage } from '../pages/inspectors/InspectorsPage';
import { LoginPage } from '../pages/login/LoginPage';
import { PartnersPage } from '../pages/partners/PartnersPage';
import { QueuePage } from '../pages/queue/QueuePage';
import { ReviewPage } from '../pages/review/ReviewPage';
import { loginHref, match, navigate, useLocation } from '../router';
import { type Session, SessionContext, sessionFrom } from '../session';
import { Shell } from './Shell';

// chart.js is most of the bundle: only admins opening the dashboard download it.
const DashboardPage = lazy(() =>
  import('../pages/dashboard/DashboardPage').then((module) => ({ default: module.DashboardPage })),
);

interface Route {
  pattern: string;
  admin?: boolean;
  render: (params: Record<string, string>) => ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/', render: () => <QueuePage /> },
  { pattern: '/contracts/:id', render: ({ id = '' }) => <ReviewPage key={id} contractId={id} /> },
  { pattern: '/deliveries', render: () => <DeliveriesPage /> },
  { pattern: '/dashboard', admin: true, render: () => <DashboardPage /> },
  { pattern: '/partners', admin: true, render: () => <PartnersPage /> },
  { pattern: '/devices', admin: true, render: () => <DevicesPage /> },
  { pattern: '/inspectors', admin: true, render: () => <InspectorsPage /> },
  { pattern: '/audit', admin: true, render: () => <AuditPage /> },
];

function page(path: string, session: Session): ReactNode {
  for (const route of ROUTES) {
    const params = match(route.pattern, path);
    if (!params) continue;
    // Hidden from the menu and refused here; the API refuses it too (403).
    if (route.admin && !session.isAdmin) return <ForbiddenPage />;
    return route.render(params);
  }
  return <NotFoundPage />;
}

export function App() {
  const location = useLocation();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const onLogin = location.path === '/login';

  // Any 401 (expired or ended session): back to sign-in, keeping the page in `next`.
  useEffect(() => {
    onUnauthorized(() => {
      setSession(null);
      if (window.location.pathname.startsWith('/console/login')) return;
      navigate(loginHref(window.location.pathname + window.location.search), { replace: true });
    });
  }, []);

  useEffect(() => {
    if (onLogin || session) return;
    let cancelled = false;
    api
      .get<Me>('/me')
      .then((me) => {
        if (!cancelled) setSession(sessionFrom(me));
      })
      .catch((caught: unknown) => {
        if (!cancelled && caught instanceof ApiError && caught.status !== 401) setError(caught);
      });
    return () => {
      cancelled = true;
    };
  }, [onLogin, session]);

  useEffect(() => {
    if (onLogin) setSession(null);
  }, [onLogin]);

  if (onLogin) return <LoginPage onSignedIn={setSession} />;
  if (!session)
    return (
      <main id="main" className="boot">
        {error ? <ErrorNotice error={error} /> : <Loading />}
      </main>
    );
  return (
    <SessionContext.Provider value={session}>
      <Shell>
        <Suspense fallback={<Loading />}>{page(location.path, session)}</Suspense>
      </Shell>
    </SessionContext.Provider>
  );
}
