import { type FormEvent, useState } from 'react';
import { ApiError, api, NETWORK_ERROR } from '../../api/client';
import type { Me } from '../../api/types';
import { FormField } from '../../components/FormField';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { navigate, safeNext, useLocation } from '../../router';
import { type Session, sessionFrom } from '../../session';

export function LoginPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t, lang, setLang } = useI18n();
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const expired = search.has('next') && next !== '/console/';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/login', { email: email.trim(), password }, { noAuthRedirect: true });
      const me = await api.get<Me>('/me', { noAuthRedirect: true });
      setPassword('');
      onSignedIn(sessionFrom(me));
      navigate(next, { replace: true });
    } catch (caught) {
      const status = caught instanceof ApiError ? caught.status : null;
      const unanswered = !(caught instanceof ApiError) || caught.code === NETWORK_ERROR;
      setError(
        status === 401
          ? t('login.invalid')
          : status === 429
            ? t('login.throttled')
            : unanswered
              ? t('error.network')
              : (caught as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('app.title')}</h1>
        {expired && <Notice kind="info">{t('login.expired')}</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        <FormField id="login-email" label={t('login.email')} layout="bare">
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </FormField>
        <FormField id="login-password" label={t('login.password')} layout="bare">
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </FormField>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <button type="button" className="link-button" onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')}>
          {lang === 'ko' ? 'English' : '한국어'}
        </button>
      </form>
    </main>
  );
}
