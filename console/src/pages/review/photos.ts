import type { Dossier, DossierImage, PhotoChecks } from '../../api/types';

export type CheckName = 'qr' | 'duplicate' | 'capture_time' | 'not_screenshot' | 'exposure' | 'sharpness';

export const CHECK_NAMES: CheckName[] = [
  'qr',
  'duplicate',
  'capture_time',
  'not_screenshot',
  'exposure',
  'sharpness',
];

/** The photos of one round, front 1–3 then rear 1–3. */
export function roundPhotos(dossier: Dossier, round: number): DossierImage[] {
  const order = { front: 0, rear: 1, device_info: 2 };
  return dossier.images
    .filter((image) => image.round === round && image.role !== 'device_info')
    .sort((a, b) => order[a.role] - order[b.role] || a.position - b.position);
}

export function deviceScreenshot(dossier: Dossier): DossierImage | undefined {
  return dossier.images.filter((image) => image.role === 'device_info').at(-1);
}

/** The same shot (side and position) in the round before, for a re-inspection. */
export function previousOf(dossier: Dossier, photo: DossierImage): DossierImage | undefined {
  return dossier.images.find(
    (image) =>
      image.round === photo.round - 1 && image.role === photo.role && image.position === photo.position,
  );
}

export interface CheckLine {
  name: CheckName;
  passed: boolean;
  reason: string | null;
}

/** Every check of a photo with its verdict and reason; QR only on front photos. */
export function checkLines(checks: PhotoChecks | null): CheckLine[] {
  if (!checks) return [];
  const lines: CheckLine[] = [];
  for (const name of CHECK_NAMES) {
    if (name === 'qr') {
      if (!checks.qr) continue;
      lines.push({ name, passed: checks.qr.matched, reason: null });
      continue;
    }
    const verdict = checks[name];
    if (verdict) lines.push({ name, passed: verdict.result, reason: verdict.reason });
  }
  return lines;
}

export function flaggedCount(checks: PhotoChecks | null): number {
  return checkLines(checks).filter((line) => !line.passed).length;
}
