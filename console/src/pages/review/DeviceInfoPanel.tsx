import type { Dossier } from '../../api/types';
import { useT } from '../../i18n';
import { deviceScreenshot } from './photos';
import { ZoomPane } from './ZoomPane';

/** A value of the app's free-form device info, as text (numbers too); anything else shows as missing. */
const text = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

const same = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.replace(/\s/g, '').toUpperCase() === b.replace(/\s/g, '').toUpperCase();

function Cell({
  value,
  against,
}: {
  value: string | null | undefined;
  against?: (string | null | undefined)[];
}) {
  const t = useT();
  if (!value) return <td className="muted">—</td>;
  const others = (against ?? []).filter(Boolean);
  const mismatch = others.length > 0 && others.some((other) => !same(value, other));
  return (
    <td className={mismatch ? 'mismatch' : undefined}>
      <code>{value}</code>
      {mismatch && <span className="mismatch-tag"> ⚠ {t('review.mismatch')}</span>}
    </td>
  );
}

/** The "About phone" screenshot beside what OCR read, what the app reported and what the contract insures. */
export function DeviceInfoPanel({
  dossier,
  onExpired,
}: {
  dossier: Dossier;
  onExpired: () => Promise<void>;
}) {
  const t = useT();
  const screenshot = deviceScreenshot(dossier);
  const { ocr, device } = dossier;
  const app = {
    imei: text(dossier.device_info?.imei),
    serial: text(dossier.device_info?.serial),
    model: text(dossier.device_info?.model),
  };
  return (
    <section className="device-info" aria-labelledby="device-title">
      <h2 id="device-title">{t('review.deviceInfo')}</h2>
      <div className="device-grid">
        {screenshot ? (
          <ZoomPane
            src={screenshot.url}
            alt={t('review.screenshotAlt')}
            caption={t('review.screenshot')}
            onExpired={onExpired}
          />
        ) : (
          <p className="muted">{t('review.noScreenshot')}</p>
        )}
        <div>
          <table className="table compact">
            <caption className="sr-only">{t('review.ocrCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('review.field')}</th>
                <th scope="col">{t('review.ocr')}</th>
                <th scope="col">{t('review.app')}</th>
                <th scope="col">{t('review.contract')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">IMEI</th>
                <Cell value={ocr?.imei} against={[app.imei]} />
                <Cell value={app.imei} />
                <td className="muted">—</td>
              </tr>
              <tr>
                <th scope="row">{t('review.serial')}</th>
                <Cell value={ocr?.serial} against={[app.serial]} />
                <Cell value={app.serial} />
                <td className="muted">—</td>
              </tr>
              <tr>
                <th scope="row">{t('review.model')}</th>
                <Cell value={ocr?.model} against={[device.model_name]} />
                <Cell value={app.model} against={[device.model_name]} />
                <td>
                  <code>{device.model_name}</code>
                  <div className="muted">{device.name}</div>
                </td>
              </tr>
            </tbody>
          </table>
          <p>
            {t('review.ocrResult')}:{' '}
            {ocr?.result === true ? (
              <span className="badge badge-good">{t('review.ocrMatched')}</span>
            ) : (
              <span className="badge badge-bad">{t('review.ocrNotMatched')}</span>
            )}
          </p>
        </div>
      </div>
    </section>
  );
}
