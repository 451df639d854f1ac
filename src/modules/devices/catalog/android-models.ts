import type { PriceClass } from './premium-rule.js';

// Korean marketing names of the Android models in the 2019-07 reference list, by Build.MODEL. Only the
// names we are sure of: the rest are shown as "<maker> <code>". Later models carry their names in
// curated-devices.ts.
const REFERENCE_MODEL_NAMES: Record<string, string> = {
  'SM-G977N': '삼성 갤럭시 S10 5G',
  'SM-G975N': '삼성 갤럭시 S10+',
  'SM-G973N': '삼성 갤럭시 S10',
  'SM-G970N': '삼성 갤럭시 S10e',
  'SM-G965N': '삼성 갤럭시 S9+',
  'SM-G960N': '삼성 갤럭시 S9',
  'SM-G955N': '삼성 갤럭시 S8+',
  'SM-G950N': '삼성 갤럭시 S8',
  'SM-N960N': '삼성 갤럭시 노트 9',
  'SM-N950N': '삼성 갤럭시 노트 8',
  'SM-G887N': '삼성 갤럭시 A9 Pro',
  'SM-A920N': '삼성 갤럭시 A9 2018',
  'SM-A750N': '삼성 갤럭시 A7 2018',
  'SM-A600N': '삼성 갤럭시 A6 2018',
  'SM-A530N': '삼성 갤럭시 A8 2018',
  'SM-A505N': '삼성 갤럭시 A50',
  'SM-A305N': '삼성 갤럭시 A30',
  'SM-A205S': '삼성 갤럭시 와이드 4',
  'SM-J737S': '삼성 갤럭시 와이드 3',
  'SM-G885S': '삼성 갤럭시 A8 스타',
  'SM-G160N': '삼성 갤럭시 폴더 2',
  'LM-V500N': 'LG V50 ThinQ',
  'LM-V409N': 'LG V40 ThinQ',
  'LM-V350N': 'LG V35 ThinQ',
  'LM-G820N': 'LG G8 ThinQ',
  'LM-G710N': 'LG G7 ThinQ',
  'LM-Q925S': 'LG Q9',
  'LM-Q815S': 'LG Q8',
  'LM-X625N': 'LG X6 2019',
};

// The OMD sheet (phones sold outside the carrier) names models instead of giving codes. They are the
// same hardware as the carrier models, so each name maps onto that Build.MODEL. "LG X4" is left out:
// its date (2018-10-24) matches no LG code in the list, and a guess could make the wrong phone eligible.
const OMD_MODEL_CODES: Record<string, string> = {
  '삼성 갤럭시 S9': 'SM-G960N',
  '삼성 갤럭시 S9+': 'SM-G965N',
  '삼성 갤럭시 노트9': 'SM-N960N',
  '삼성 갤럭시 A30': 'SM-A305N',
  '삼성 갤럭시 A50': 'SM-A505N',
  '삼성 갤럭시 A6 2018': 'SM-A600N',
  '삼성 갤럭시 A9 PRO': 'SM-G887N',
  '삼성 갤럭시 S10 E': 'SM-G970N',
  '삼성 갤럭시 S10': 'SM-G973N',
  '삼성 갤럭시 S10+': 'SM-G975N',
  '삼성 갤럭시 S10 5G': 'SM-G977N',
  'LG G7': 'LM-G710N',
  'LG G8': 'LM-G820N',
  'LG V35': 'LM-V350N',
  'LG V40': 'LM-V409N',
  'LG V50': 'LM-V500N',
  'LG X625': 'LM-X625N',
};

export function referenceModelName(code: string): string | undefined {
  return REFERENCE_MODEL_NAMES[code];
}

/** "OMD 삼성 갤럭시 S9+_64G" → "SM-G965N"; undefined for a name not in the table. */
export function omdModelCode(omdName: string): string | undefined {
  const name = omdName
    .replace(/^OMD\s+/i, '')
    .split('_')[0]
    ?.trim()
    .replace(/\s+/g, ' ')
    .toUpperCase();
  return Object.entries(OMD_MODEL_CODES).find(([omd]) => omd.toUpperCase() === name)?.[1];
}

// Galaxy Tab (SM-T, SM-P, SM-X) and wearables (SM-R, SM-L): the product insures phones only.
export function isAndroidNonPhone(code: string): boolean {
  return /^SM-[TPXRL]\d/.test(code);
}

export function androidPriceClass(code: string): PriceClass {
  if (/^SM-F\d/.test(code)) return 'foldable';
  // S, Note and FE lines (SM-G78x is the S20 FE), and LG's G/V/Velvet/Wing lines.
  if (/^SM-(G9|N9|S9|S7|G78)/.test(code) || /^LM-[GVF]\d/.test(code)) return 'flagship';
  // A, M (Quantum/Jump), E (Wide) and the G8xx A-line rebrands; LG's Q line.
  if (/^SM-(A|M|E|G8)/.test(code) || /^LM-Q\d/.test(code)) return 'mid';
  return 'entry';
}
