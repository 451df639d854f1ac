// Native screenshot sizes (portrait, in pixels) of phones common in Korea. A camera photo almost
// never comes out at exactly one of these, so together with missing camera EXIF it marks a
// screenshot. Samsung phones appear at both their FHD+ default and their QHD+ setting.
const SCREENS: [width: number, height: number, devices: string][] = [
  [640, 1136, 'iPhone SE (1세대)'],
  [750, 1334, 'iPhone 6–8, SE 2·3세대'],
  [828, 1792, 'iPhone XR, 11'],
  [1080, 1920, 'iPhone Plus, FHD 안드로이드'],
  [1125, 2436, 'iPhone X, XS, 11 Pro'],
  [1242, 2688, 'iPhone XS Max, 11 Pro Max'],
  [1170, 2532, 'iPhone 12–14'],
  [1284, 2778, 'iPhone 12·13 Pro Max, 14 Plus'],
  [1179, 2556, 'iPhone 14 Pro–16'],
  [1290, 2796, 'iPhone 14 Pro Max–16 Plus'],
  [1206, 2622, 'iPhone 16 Pro, 17'],
  [1320, 2868, 'iPhone 16·17 Pro Max'],
  [1260, 2736, 'iPhone Air'],
  [720, 1600, '보급형 안드로이드 (HD+)'],
  [1080, 2220, 'Galaxy S8·S9 (FHD+)'],
  [1440, 2960, 'Galaxy S8·S9, Note8·9 (WQHD+)'],
  [1080, 2280, 'Galaxy S10e'],
  [1440, 3040, 'Galaxy S10, Note10+ (WQHD+)'],
  [1080, 2340, 'Galaxy S22–S25, iPhone 12·13 mini'],
  [1080, 2400, 'Galaxy S20·S21, A 시리즈, Pixel 7·8'],
  [1440, 3200, 'Galaxy S20·S21 Ultra (WQHD+)'],
  [1080, 2316, 'Galaxy S22–S25 Ultra (FHD+)'],
  [1440, 3088, 'Galaxy S22·S23 Ultra (QHD+)'],
  [1440, 3120, 'Galaxy S24·S25 Ultra (QHD+), Pixel 7 Pro'],
  [1080, 2640, 'Galaxy Z Flip'],
  [904, 2316, 'Galaxy Z Fold4·5 커버'],
  [1812, 2176, 'Galaxy Z Fold4·5 메인'],
  [968, 2376, 'Galaxy Z Fold6 커버'],
  [1856, 2160, 'Galaxy Z Fold6 메인'],
  [1080, 2424, 'Pixel 9'],
  [1280, 2856, 'Pixel 9 Pro'],
  [1344, 2992, 'Pixel 8 Pro, 9 Pro XL'],
];

/** The phones whose screenshots have exactly this size, in either orientation; null if none. */
export function matchScreenSize(width: number, height: number): string | null {
  const [short, long] = width < height ? [width, height] : [height, width];
  const screen = SCREENS.find(([w, h]) => w === short && h === long);
  return screen ? screen[2] : null;
}
