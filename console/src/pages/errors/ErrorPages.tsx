import { useT } from '../../i18n';
import { Link } from '../../router';

export function ForbiddenPage() {
  const t = useT();
  return (
    <section className="page" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{t('forbidden.title')}</h1>
      <p>{t('forbidden.body')}</p>
      <Link to="/">{t('nav.queue')}</Link>
    </section>
  );
}

export function NotFoundPage() {
  const t = useT();
  return (
    <section className="page" aria-labelledby="notfound-title">
      <h1 id="notfound-title">{t('notFound.title')}</h1>
      <Link to="/">{t('nav.queue')}</Link>
    </section>
  );
}
