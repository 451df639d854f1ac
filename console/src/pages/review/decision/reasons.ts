/**
 * Reasons an inspector picks from. What goes to the partner and the customer is always the Korean
 * text (the customer reads it in an alimtalk); the English is for an English-reading inspector.
 */
export interface Reason {
  ko: string;
  en: string;
}

export const FRONT_REASONS: Reason[] = [
  { ko: 'QR 코드가 사진에 보이지 않습니다.', en: 'The QR code is not visible in the photo.' },
  { ko: '화면 전체가 보이도록 다시 촬영해 주세요.', en: 'The whole screen must be visible.' },
  { ko: '사진이 흐리거나 어둡습니다.', en: 'The photo is blurry or too dark.' },
  { ko: '액정 상태를 확인할 수 없습니다.', en: 'The screen condition cannot be checked.' },
  { ko: '등록한 기기와 다른 기기로 보입니다.', en: 'It looks like another device.' },
];

export const REAR_REASONS: Reason[] = [
  { ko: '후면 전체가 보이도록 다시 촬영해 주세요.', en: 'The whole back must be visible.' },
  { ko: '케이스를 벗긴 상태로 촬영해 주세요.', en: 'Remove the case and shoot again.' },
  { ko: '사진이 흐리거나 어둡습니다.', en: 'The photo is blurry or too dark.' },
  { ko: '카메라 부분이 보이지 않습니다.', en: 'The camera area is not visible.' },
];

/** The documented reject_type codes (src/modules/inspection/reject-types.ts). */
export const REJECT_TYPES: { code: number; ko: string; en: string; message: string }[] = [
  { code: 0, ko: '전면 액정 파손', en: 'Front screen damaged', message: '전면 액정 파손이 확인되었습니다.' },
  {
    code: 1,
    ko: '후면 또는 외관 파손',
    en: 'Back or frame damaged',
    message: '후면 또는 외관 파손이 확인되었습니다.',
  },
  {
    code: 2,
    ko: '기기 불일치',
    en: 'Not the registered device',
    message: '등록하신 기기와 사진 속 기기가 다릅니다.',
  },
  {
    code: 3,
    ko: '사진 도용·조작 의심',
    en: 'Photos reused or manipulated',
    message: '사진 도용 또는 조작이 의심됩니다.',
  },
  {
    code: 4,
    ko: '재검수 자료 미제출',
    en: 'No photos re-submitted',
    message: '재검수 기한까지 사진이 다시 제출되지 않았습니다.',
  },
  { code: 9, ko: '기타', en: 'Other', message: '' },
];
