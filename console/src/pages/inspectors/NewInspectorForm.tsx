import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import { Notice } from '../../components/Notice';
import { useT } from '../../i18n';
import { errorOf } from '../../lib/use-api';

const MIN_PASSWORD = 12;

export function NewInspectorForm({ onCreated }: { onCreated: (email: string) => void }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('inspector');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD) return setError(t('inspectors.shortPassword', { n: MIN_PASSWORD }));
    setBusy(true);
    setError(null);
    try {
      await api.post('/inspectors', { email: email.trim(), password, name: name.trim() || null, role });
      onCreated(email.trim());
      setEmail('');
      setName('');
      setPassword('');
      setRole('inspector');
    } catch (caught) {
      setError(errorOf(caught).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card new-inspector" onSubmit={submit} aria-labelledby="new-inspector-title">
      <h2 id="new-inspector-title">{t('inspectors.new')}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="field-row">
        <div className="field">
          <label htmlFor="new-email">{t('inspectors.email')}</label>
          <input
            id="new-email"
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-name">{t('inspectors.name')}</label>
          <input
            id="new-name"
            type="text"
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-password">{t('inspectors.password')}</label>
          <input
            id="new-password"
            type="password"
            required
            minLength={MIN_PASSWORD}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-role">{t('inspectors.role')}</label>
          <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="inspector">{t('role.inspector')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </div>
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('inspectors.create')}
      </button>
    </form>
  );
}
