import { useState } from 'react';
import { api } from '../../api/client';
import type { Device, RequestBody, UpdatedDevice } from '../../api/types';
import { useT } from '../../i18n';
import { errorOf } from '../../lib/use-api';

interface DeviceRowProps {
  device: Device;
  onSaved: (device: Device) => void;
  onError: (message: string) => void;
}

/** One catalog row: eligibility switches at once; premiums are edited then saved. */
export function DeviceRow({ device, onSaved, onError }: DeviceRowProps) {
  const t = useT();
  const [lump, setLump] = useState(String(device.premium_lump_sum));
  const [monthly, setMonthly] = useState(String(device.premium_monthly));
  const [busy, setBusy] = useState(false);
  const dirty = lump !== String(device.premium_lump_sum) || monthly !== String(device.premium_monthly);
  const label = `${device.name} (${device.model_name})`;

  const patch = async (body: RequestBody<'/admin/api/devices/{id}', 'patch'>) => {
    setBusy(true);
    try {
      onSaved(await api.patch<UpdatedDevice>(`/devices/${encodeURIComponent(device.id)}`, body));
    } catch (error) {
      onError(errorOf(error).message);
    } finally {
      setBusy(false);
    }
  };
  const save = () => {
    const lumpSum = Number(lump);
    const perMonth = Number(monthly);
    if (!Number.isInteger(lumpSum) || lumpSum < 0 || !Number.isInteger(perMonth) || perMonth < 0) {
      onError(t('devices.badPremium'));
      return;
    }
    void patch({ premium_lump_sum: lumpSum, premium_monthly: perMonth });
  };

  return (
    <tr>
      <td>{device.os}</td>
      <td>{device.name}</td>
      <td>
        <code>{device.model_name}</code>
      </td>
      <td>{device.release_date ?? '—'}</td>
      <td>
        <input
          type="checkbox"
          checked={device.eligible}
          disabled={busy}
          aria-label={t('devices.eligibleFor', { device: label })}
          onChange={(event) => void patch({ eligible: event.target.checked })}
        />
      </td>
      <PremiumCell value={lump} label={t('devices.lumpFor', { device: label })} onChange={setLump} />
      <PremiumCell value={monthly} label={t('devices.monthlyFor', { device: label })} onChange={setMonthly} />
      <td>
        <button type="button" disabled={!dirty || busy} onClick={save}>
          {t('common.save')}
          <span className="sr-only"> {label}</span>
        </button>
      </td>
    </tr>
  );
}

/** A premium in KRW, edited in steps of 100 won. */
function PremiumCell(props: { value: string; label: string; onChange: (value: string) => void }) {
  return (
    <td>
      <input
        className="num"
        type="number"
        min={0}
        step={100}
        value={props.value}
        aria-label={props.label}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </td>
  );
}
