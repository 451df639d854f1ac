import type { QueueChecks } from '../../api/types';
import { type MessageKey, useT } from '../../i18n';

interface Chip {
  label: string;
  full: MessageKey;
  flagged: boolean;
}

/** The automated checks of the current round at a glance; a flag never decides alone. */
export function CheckChips({ checks }: { checks: QueueChecks }) {
  const t = useT();
  const qrOk = checks.qr_expected > 0 && checks.qr_matched === checks.qr_expected;
  const chips: Chip[] = [
    {
      label: t('checks.qrShort', { n: checks.qr_matched, of: checks.qr_expected }),
      full: 'checks.qr',
      flagged: !qrOk,
    },
    { label: t('checks.duplicateShort'), full: 'checks.duplicate', flagged: checks.duplicate },
    { label: t('checks.captureTimeShort'), full: 'checks.captureTime', flagged: checks.capture_time },
    { label: t('checks.screenshotShort'), full: 'checks.screenshot', flagged: checks.screenshot },
    { label: t('checks.blurDarkShort'), full: 'checks.blurDark', flagged: checks.blur_or_dark },
  ];
  return (
    <ul className="chips">
      {chips.map((chip) => (
        <li
          key={chip.full}
          className={chip.flagged ? 'chip chip-bad' : 'chip chip-ok'}
          title={`${t(chip.full)}: ${t(chip.flagged ? 'checks.flagged' : 'checks.ok')}`}
        >
          <span aria-hidden="true">{chip.flagged ? '⚠' : '✓'}</span> {chip.label}
          <span className="sr-only">
            {' '}
            — {t(chip.full)}: {t(chip.flagged ? 'checks.flagged' : 'checks.ok')}
          </span>
        </li>
      ))}
    </ul>
  );
}
