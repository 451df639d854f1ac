import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import { FormField } from '../../components/FormField';
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
        <FormField id="new-email" label={t('inspectors.email')}>
          <input
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </FormField>
        <FormField id="new-name" label={t('inspectors.name')}>
          <input type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </FormField>
        <FormField id="new-password" label={t('inspectors.password')}>
          <input
            type="password"
            required
            minLength={MIN_PASSWORD}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </FormField>
        <FormField id="new-role" label={t('inspectors.role')}>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="inspector">{t('role.inspector')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </FormField>
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('inspectors.create')}
      </button>
    </form>
  );
}
