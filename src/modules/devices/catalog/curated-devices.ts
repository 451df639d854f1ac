import { androidPriceClass } from './android-models.js';
import type { CatalogDevice, DeviceOs } from './catalog-device.js';
import { iphoneIdentifiers, iphonePriceClass, koreanIphoneName } from './iphone-models.js';
import { type PriceClass, premiumFor } from './premium-rule.js';

// Phones sold in Korea after the 2019-07 reference list, all eligible. `released` is the Korean launch
// date, or only the year where the launch day is not known for sure (releaseDate is then null).
// Android: the Korean Build.MODEL (N = all carriers; S/K/L = a model sold by SKT/KT/LG U+ only).
const ANDROID: [code: string, name: string, released: string][] = [
  ['SM-N971N', '삼성 갤럭시 노트 10', '2019-08-23'],
  ['SM-N976N', '삼성 갤럭시 노트 10+', '2019-08-23'],
  ['SM-F907N', '삼성 갤럭시 폴드', '2019-09-06'],
  ['SM-A908N', '삼성 갤럭시 A90 5G', '2019'],
  ['SM-F700N', '삼성 갤럭시 Z 플립', '2020-02-14'],
  ['SM-G981N', '삼성 갤럭시 S20', '2020-03-06'],
  ['SM-G986N', '삼성 갤럭시 S20+', '2020-03-06'],
  ['SM-G988N', '삼성 갤럭시 S20 울트라', '2020-03-06'],
  ['SM-A516N', '삼성 갤럭시 A51 5G', '2020'],
  ['SM-A315N', '삼성 갤럭시 A31', '2020'],
  ['SM-A716S', '삼성 갤럭시 A 퀀텀', '2020'],
  ['SM-N981N', '삼성 갤럭시 노트 20', '2020-08-21'],
  ['SM-N986N', '삼성 갤럭시 노트 20 울트라', '2020-08-21'],
  ['SM-F707N', '삼성 갤럭시 Z 플립 5G', '2020'],
  ['SM-F916N', '삼성 갤럭시 Z 폴드 2', '2020-09-18'],
  ['SM-G781N', '삼성 갤럭시 S20 FE', '2020'],
  ['SM-G991N', '삼성 갤럭시 S21', '2021-01-29'],
  ['SM-G996N', '삼성 갤럭시 S21+', '2021-01-29'],
  ['SM-G998N', '삼성 갤럭시 S21 울트라', '2021-01-29'],
  ['SM-A125N', '삼성 갤럭시 A12', '2021'],
  ['SM-A325N', '삼성 갤럭시 A32', '2021'],
  ['SM-A826S', '삼성 갤럭시 퀀텀 2', '2021'],
  ['SM-A226L', '삼성 갤럭시 버디', '2021'],
  ['SM-E426S', '삼성 갤럭시 와이드 5', '2021'],
  ['SM-F711N', '삼성 갤럭시 Z 플립 3', '2021-08-27'],
  ['SM-F926N', '삼성 갤럭시 Z 폴드 3', '2021-08-27'],
  ['SM-A528N', '삼성 갤럭시 A52s 5G', '2021'],
  ['SM-S901N', '삼성 갤럭시 S22', '2022-02-25'],
  ['SM-S906N', '삼성 갤럭시 S22+', '2022-02-25'],
  ['SM-S908N', '삼성 갤럭시 S22 울트라', '2022-02-25'],
  ['SM-A235N', '삼성 갤럭시 A23', '2022'],
  ['SM-A536N', '삼성 갤럭시 A53 5G', '2022'],
  ['SM-M536S', '삼성 갤럭시 퀀텀 3', '2022'],
  ['SM-A136S', '삼성 갤럭시 와이드 6', '2022'],
  ['SM-M336K', '삼성 갤럭시 점프 2', '2022'],
  ['SM-F721N', '삼성 갤럭시 Z 플립 4', '2022-08-26'],
  ['SM-F936N', '삼성 갤럭시 Z 폴드 4', '2022-08-26'],
  ['SM-S911N', '삼성 갤럭시 S23', '2023-02-17'],
  ['SM-S916N', '삼성 갤럭시 S23+', '2023-02-17'],
  ['SM-S918N', '삼성 갤럭시 S23 울트라', '2023-02-17'],
  ['SM-A346N', '삼성 갤럭시 A34 5G', '2023'],
  ['SM-A245N', '삼성 갤럭시 A24', '2023'],
  ['SM-A546S', '삼성 갤럭시 퀀텀 4', '2023'],
  ['SM-F731N', '삼성 갤럭시 Z 플립 5', '2023-08-11'],
  ['SM-F946N', '삼성 갤럭시 Z 폴드 5', '2023-08-11'],
  ['SM-S711N', '삼성 갤럭시 S23 FE', '2023'],
  ['SM-S921N', '삼성 갤럭시 S24', '2024-01-31'],
  ['SM-S926N', '삼성 갤럭시 S24+', '2024-01-31'],
  ['SM-S928N', '삼성 갤럭시 S24 울트라', '2024-01-31'],
  ['SM-A155N', '삼성 갤럭시 A15 LTE', '2024'],
  ['SM-A256N', '삼성 갤럭시 A25 5G', '2024'],
  ['SM-A356N', '삼성 갤럭시 A35 5G', '2024'],
  ['SM-A556S', '삼성 갤럭시 퀀텀 5', '2024'],
  ['SM-F741N', '삼성 갤럭시 Z 플립 6', '2024-07-24'],
  ['SM-F956N', '삼성 갤럭시 Z 폴드 6', '2024-07-24'],
  ['SM-S721N', '삼성 갤럭시 S24 FE', '2024'],
  ['SM-S931N', '삼성 갤럭시 S25', '2025-02-07'],
  ['SM-S936N', '삼성 갤럭시 S25+', '2025-02-07'],
  ['SM-S938N', '삼성 갤럭시 S25 울트라', '2025-02-07'],
  ['SM-S937N', '삼성 갤럭시 S25 엣지', '2025'],
  ['SM-A566N', '삼성 갤럭시 A56', '2025'],
  ['SM-A566S', '삼성 갤럭시 퀀텀 6', '2025'],
  ['SM-F766N', '삼성 갤럭시 Z 플립 7', '2025-08-01'],
  ['SM-F966N', '삼성 갤럭시 Z 폴드 7', '2025-08-01'],
  ['SM-S731N', '삼성 갤럭시 S25 FE', '2025'],
  ['LM-V510N', 'LG V50S ThinQ', '2019-10-11'],
  ['LM-G900N', 'LG 벨벳', '2020-05-15'],
  ['LM-Q920N', 'LG Q92 5G', '2020'],
  ['LM-F100N', 'LG 윙', '2020-10-06'],
];

// iPhones by ios-device-list generation name; identifiers come from iphone-models.ts. The first-
// generation SE predates the list's window but is the API spec's own example (iPhone8,4).
const IPHONES: [generation: string, released: string][] = [
  ['iPhone SE (1st generation)', '2016-05-10'],
  ['iPhone 11', '2019-10-25'],
  ['iPhone 11 Pro', '2019-10-25'],
  ['iPhone 11 Pro Max', '2019-10-25'],
  ['iPhone SE (2nd generation)', '2020-05-06'],
  ['iPhone 12', '2020-10-30'],
  ['iPhone 12 Pro', '2020-10-30'],
  ['iPhone 12 mini', '2020-11-20'],
  ['iPhone 12 Pro Max', '2020-11-20'],
  ['iPhone 13 mini', '2021-10-08'],
  ['iPhone 13', '2021-10-08'],
  ['iPhone 13 Pro', '2021-10-08'],
  ['iPhone 13 Pro Max', '2021-10-08'],
  ['iPhone SE (3rd generation)', '2022-03-18'],
  ['iPhone 14', '2022-10-07'],
  ['iPhone 14 Plus', '2022'],
  ['iPhone 14 Pro', '2022-10-07'],
  ['iPhone 14 Pro Max', '2022-10-07'],
  ['iPhone 15', '2023-10-13'],
  ['iPhone 15 Plus', '2023-10-13'],
  ['iPhone 15 Pro', '2023-10-13'],
  ['iPhone 15 Pro Max', '2023-10-13'],
  ['iPhone 16', '2024-09-20'],
  ['iPhone 16 Plus', '2024-09-20'],
  ['iPhone 16 Pro', '2024-09-20'],
  ['iPhone 16 Pro Max', '2024-09-20'],
  ['iPhone 16e', '2025-02-28'],
  ['iPhone 17', '2025-09-19'],
  ['iPhone Air', '2025-09-19'],
  ['iPhone 17 Pro', '2025-09-19'],
  ['iPhone 17 Pro Max', '2025-09-19'],
];

function curated(
  os: DeviceOs,
  name: string,
  identifiers: string[],
  released: string,
  priceClass: PriceClass,
): CatalogDevice {
  return {
    os,
    name,
    modelName: identifiers[0] ?? '',
    identifiers,
    releaseDate: released.length === 10 ? released : null,
    eligible: true,
    ...premiumFor(priceClass, Number(released.slice(0, 4))),
  };
}

/** Fresh objects on every call, so a caller may change them without touching the next caller's. */
export function curatedDevices(): CatalogDevice[] {
  return [
    ...ANDROID.map(([code, name, released]) =>
      curated('aos', name, [code], released, androidPriceClass(code)),
    ),
    ...IPHONES.map(([generation, released]) =>
      curated(
        'ios',
        koreanIphoneName(generation),
        iphoneIdentifiers(generation),
        released,
        iphonePriceClass(generation),
      ),
    ),
  ];
}
