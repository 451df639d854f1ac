import type { ReactNode } from 'react';
import { api } from '../api/client';
import { type MessageKey, useI18n } from '../i18n';
import { Link, loginHref, navigate, useLocation } from '../router';
import { useSession } from '../session';

interface NavItem {
  to: string;
  label: MessageKey;
  admin?: boolean;
}

export const NAV: NavItem[] = [
  { to: '/', label: 'nav.queue' },
  { to: '/deliveries', label: 'nav.deliveries' },
  { to: '/dashboard', label: 'nav.dashboard', admin: true },
  { to: '/partners', label: 'nav.partners', admin: true },
  { to: '/devices', label: 'nav.devices', admin: true },
  { to: '/inspectors', label: 'nav.inspectors', admin: true },
  { to: '/audit', label: 'nav.audit', admin: true },
];

function isCurrent(item: NavItem, path: string): boolean {
  if (item.to === '/') return path === '/' || path.startsWith('/contracts/');
  return path === item.to || path.startsWith(`${item.to}/`);
}

export function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const session = useSession();
  const { path } = useLocation();

  const signOut = async () => {
    try {
      await api.post('/logout', {}, { noAuthRedirect: true });
    } finally {
      navigate(loginHref('/console/'), { replace: true });
    }
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.filter((item) => !item.admin || session.isAdmin).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={isCurrent(item, path) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span>
            {session.inspector.name ?? session.inspector.email}{' '}
            <span className="role">({t(session.isAdmin ? 'role.admin' : 'role.inspector')})</span>
          </span>
          <button
            type="button"
            className="link-button"
            onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')}
            lang={lang === 'ko' ? 'en' : 'ko'}
            aria-label={lang === 'ko' ? 'Switch to English' : '한국어로 보기'}
          >
            {lang === 'ko' ? 'English' : '한국어'}
          </button>
          <button type="button" className="link-button" onClick={signOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
