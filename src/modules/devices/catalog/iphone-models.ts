import { createRequire } from 'node:module';
import type { PriceClass } from './premium-rule.js';

// ios-device-list is CommonJS without type declarations; only this call is used.
interface IosDeviceListEntry {
  Generation: string;
  Identifier: string;
}
const iosDeviceList = createRequire(import.meta.url)('ios-device-list') as {
  devices(type: 'iphone'): IosDeviceListEntry[];
};

// ios-device-list 1.1.37 stops at iPhone15,3 (iPhone 14 Pro Max). The later identifiers are typed here
// by hand (the iPhone 17 line cross-checked against several public identifier tables); drop an entry
// once the package knows the model.
const IPHONES_AFTER_IOS_DEVICE_LIST: Record<string, string[]> = {
  'iPhone 15': ['iPhone15,4'],
  'iPhone 15 Plus': ['iPhone15,5'],
  'iPhone 15 Pro': ['iPhone16,1'],
  'iPhone 15 Pro Max': ['iPhone16,2'],
  'iPhone 16': ['iPhone17,3'],
  'iPhone 16 Plus': ['iPhone17,4'],
  'iPhone 16 Pro': ['iPhone17,1'],
  'iPhone 16 Pro Max': ['iPhone17,2'],
  'iPhone 16e': ['iPhone17,5'],
  'iPhone 17': ['iPhone18,3'],
  'iPhone 17 Pro': ['iPhone18,1'],
  'iPhone 17 Pro Max': ['iPhone18,2'],
  'iPhone Air': ['iPhone18,4'],
};

// "iPhone9,3" sorts after "iPhone9,1" and "iPhone10,1" after both, so modelName is the first-made one.
const byMajorMinor = (a: string, b: string): number => {
  const [aMajor = 0, aMinor = 0] = a.replace(/^\D+/, '').split(',').map(Number);
  const [bMajor = 0, bMinor = 0] = b.replace(/^\D+/, '').split(',').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
};

const identifiersByGeneration: Map<string, string[]> = (() => {
  const byGeneration = new Map<string, Set<string>>();
  const add = (generation: string, identifier: string) => {
    const set = byGeneration.get(generation) ?? new Set<string>();
    set.add(identifier);
    byGeneration.set(generation, set);
  };
  for (const entry of iosDeviceList.devices('iphone')) add(entry.Generation, entry.Identifier);
  for (const [generation, ids] of Object.entries(IPHONES_AFTER_IOS_DEVICE_LIST)) {
    for (const id of ids) add(generation, id);
  }
  return new Map([...byGeneration].map(([generation, ids]) => [generation, [...ids].sort(byMajorMinor)]));
})();

/**
 * The generation name as ios-device-list spells it ("iPhone XS Max", "iPhone SE (2nd generation)"),
 * matched case-insensitively, or undefined for a name neither it nor the hand list knows.
 */
export function findIphoneGeneration(name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  return [...identifiersByGeneration.keys()].find((generation) => generation.toLowerCase() === wanted);
}

export function iphoneIdentifiers(generation: string): string[] {
  const ids = identifiersByGeneration.get(generation);
  if (!ids) throw new Error(`unknown iPhone generation "${generation}"`);
  return [...ids];
}

const KOREAN_WORDS: Record<string, string> = {
  Plus: '플러스',
  Pro: '프로',
  Max: '맥스',
  mini: '미니',
  Air: '에어',
};

/** "iPhone 12 Pro Max" → "아이폰 12 프로 맥스", "iPhone SE (1st generation)" → "아이폰 SE". */
export function koreanIphoneName(generation: string): string {
  const words = generation
    .replace(/\((\d+)\w* generation\)/, (_, n: string) => (n === '1' ? '' : `${n}세대`))
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((word) => KOREAN_WORDS[word] ?? word);
  return ['아이폰', ...words].join(' ');
}

// SE and the "e" models are the mid-priced line; every other iPhone is priced as a flagship.
export function iphonePriceClass(generation: string): PriceClass {
  return /\bSE\b|\d+e$/.test(generation) ? 'mid' : 'flagship';
}

/** The generation an identifier belongs to: "iPhone8,4" → "iPhone SE (1st generation)". */
export function iphoneGenerationOf(identifier: string): string | undefined {
  return [...identifiersByGeneration].find(([, ids]) => ids.includes(identifier))?.[0];
}

/**
 * The generation named by a carrier sales code: "IPHONE7+_32GB" → "iPhone 7 Plus",
 * "RE_IPHONE_XS_MAX_64GB" (refurbished) → "iPhone XS Max"; undefined when it names no known iPhone.
 */
export function iphoneGenerationFromSalesCode(salesCode: string): string | undefined {
  const tokens = salesCode
    .replace(/^(RE_)?IPHONE/i, '')
    .split('_')
    .map((token) => token.trim())
    .filter(Boolean);
  const storageAt = tokens.findIndex((token) => /^\d+\s*(G|T)/i.test(token));
  const model = (storageAt === -1 ? tokens : tokens.slice(0, storageAt)).join(' ').replace(/\+$/, ' Plus');
  return model === '' ? undefined : findIphoneGeneration(`iPhone ${model}`);
}
