/**
 * One clean "About phone" screen (light mode) with the given values, for tests that need a particular
 * phone. Drawn with a font from an npm package (fixture-fonts.ts), so it reads the same on a bare
 * machine as anywhere.
 */
import { canvas, prng, type Row, renderAndroid, renderIos, spaced, toPng } from './about-phone-screen.js';
import { FIXTURE_FONT, selectFixtureFont } from './fixture-fonts.js';

selectFixtureFont();

export function renderAboutPhone(phone: {
  os: 'android' | 'ios';
  imeis: string[];
  serial: string;
  model: string;
}) {
  const android = phone.os === 'android';
  const imeiLabel = (k: number) =>
    android ? (phone.imeis.length > 1 ? `IMEI (슬롯 ${k + 1})` : 'IMEI') : k ? 'IMEI2' : 'IMEI';
  const rows: Row[] = [
    ...(android ? [{ header: 'Galaxy' }] : []),
    { label: '모델 번호', value: phone.model },
    { label: android ? '일련번호' : '일련 번호', value: phone.serial },
    ...phone.imeis.map((imei, k) => ({ label: imeiLabel(k), value: android ? imei : spaced(imei) })),
  ];
  const c = android ? canvas(1080, 2340, FIXTURE_FONT) : canvas(1170, 2532, FIXTURE_FONT);
  const title = android ? '휴대전화 정보' : '정보';
  (android ? renderAndroid : renderIos)(c, { rows, title, dark: false, withStatus: true, rand: prng(1) });
  return toPng(c);
}
