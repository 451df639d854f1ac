import { type FormEvent, useState } from 'react';
import { request } from '../../api/client';
import type { ImportResult } from '../../api/types';
import { FormField } from '../../components/FormField';
import { Notice } from '../../components/Notice';
import { useT } from '../../i18n';
import { errorOf } from '../../lib/use-api';

/** The catalog CSV (the reference list's columns), sent as text/csv. */
export function CsvImport({ onImported }: { onImported: () => void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      const answer = await request<ImportResult>('POST', '/devices/import', {
        text: await file.text(),
        contentType: 'text/csv',
      });
      setResult({
        kind: 'success',
        text: t('devices.imported', {
          inserted: answer.inserted,
          updated: answer.updated,
          skipped: answer.skipped.length,
        }),
      });
      onImported();
    } catch (error) {
      setResult({ kind: 'error', text: errorOf(error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="filters" onSubmit={submit}>
      <FormField id="device-csv" label={t('devices.csv')}>
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </FormField>
      <button type="submit" disabled={!file || busy}>
        {t('devices.import')}
      </button>
      {result && <Notice kind={result.kind}>{result.text}</Notice>}
    </form>
  );
}
