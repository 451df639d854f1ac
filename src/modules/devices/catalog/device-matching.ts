import type { CatalogDevice, DeviceOs } from './catalog-device.js';

// Android model codes of the Korean makers: maker letters, '-', a series letter, three digits and
// the region letter (N unified Korea, S SKT, K KT, L LG U+): SM-N981N, LM-V500N, LGM-X100S, IF-W520S.
// Whatever follows is a sales suffix the phone may or may not report: colour/storage/channel letters
// (SM-N981NZKAKOO, SM-G977NSO), a dual-SIM tag (SM-N981N/DS). Four-digit codes (SM-G9860, China)
// do not match and are kept whole, so they can never be mistaken for a Korean model.
const ANDROID_BASE_CODE = /^[A-Z]{2,3}-[A-Z]\d{3}[A-Z]/;
// Some browsers and SDKs prefix the brand ("SAMSUNG SM-M536S", "SAMSUNG-SM-G900A").
const BRAND_PREFIX = /^SAMSUNG[\s-]+/;
const APPLE_IDENTIFIER = /^(iphone|ipad|ipod|watch)\s*(\d+)\s*,\s*(\d+)$/i;
const APPLE_FAMILY: Record<string, string> = { iphone: 'iPhone', ipad: 'iPad', ipod: 'iPod', watch: 'Watch' };

/**
 * The one form in which a device code is stored and compared. Catalog identifiers are kept in this
 * form, so a repository stores them as they are and queries with `normaliseDeviceCode(os, raw)`.
 */
export function normaliseDeviceCode(os: DeviceOs, raw: string): string {
  const compact = raw.trim().replace(/\s+/g, ' ');
  if (os === 'ios') {
    const apple = APPLE_IDENTIFIER.exec(compact);
    if (!apple) return compact;
    const [, family = '', major, minor] = apple;
    return `${APPLE_FAMILY[family.toLowerCase()]}${major},${minor}`;
  }
  const code = compact.toUpperCase().replace(BRAND_PREFIX, '').split('/')[0]?.trim() ?? '';
  return ANDROID_BASE_CODE.exec(code)?.[0] ?? code;
}

export function findDevice(catalog: CatalogDevice[], os: DeviceOs, raw: string): CatalogDevice | undefined {
  const key = normaliseDeviceCode(os, raw);
  if (key === '') return undefined;
  return catalog.find((device) => device.os === os && device.identifiers.includes(key));
}
