import type { ScreenshotReading } from '../checks/ocr/ocr.port.js';

/**
 * Step-1's verdict on the screenshot: the OCR must have found an IMEI and a serial, and whatever the
 * app reported about the phone must agree with it. The messages are Korean: partners show them to
 * customers as they are.
 */
export interface DeviceCheck {
  ocrOk: boolean;
  problems: string[];
}

const norm = (value: string) => value.replace(/[\s-]/g, '').toUpperCase();

/** The app's device_info is free-form: these are the keys apps use for each value. */
const IMEI_KEYS = ['imei', 'imei1', 'imei_1', 'imei2', 'imei_2', 'IMEI', 'IMEI1', 'IMEI2'];
const SERIAL_KEYS = ['serial', 'serial_number', 'serialNumber', 'sn', 'SN', 'Serial'];

function valuesAt(info: Record<string, unknown>, keys: string[]): string[] {
  return keys
    .map((key) => info[key])
    .filter((value): value is string => typeof value === 'string' && value.trim() !== '')
    .map(norm);
}

/** The IMEIs and serials the app reported, normalised (no spaces or dashes, upper case). */
export const reportedImeis = (deviceInfo: Record<string, unknown>) => valuesAt(deviceInfo, IMEI_KEYS);
export const reportedSerials = (deviceInfo: Record<string, unknown>) => valuesAt(deviceInfo, SERIAL_KEYS);

export const MESSAGES = {
  ok: '성공',
  noImei:
    '캡처 이미지에서 IMEI를 인식하지 못했습니다. 휴대전화 정보 화면 전체가 보이도록 다시 캡처해 주세요.',
  noSerial: '캡처 이미지에서 일련번호를 인식하지 못했습니다. 일련번호가 보이도록 다시 캡처해 주세요.',
  imeiMismatch: '앱에서 전달한 IMEI와 캡처 이미지의 IMEI가 일치하지 않습니다.',
  serialMismatch: '앱에서 전달한 일련번호와 캡처 이미지의 일련번호가 일치하지 않습니다.',
  appModelMismatch: '앱에서 전달한 기기 모델이 가입 신청한 기기와 다릅니다.',
  screenshotModelMismatch: '캡처 이미지의 모델 번호가 가입 신청한 기기와 다릅니다.',
  imeiInUse: '이미 보험에 가입된 기기입니다(IMEI 중복).',
} as const;

export function checkScreenshot(
  reading: ScreenshotReading,
  deviceInfo: Record<string, unknown>,
): DeviceCheck {
  const problems: string[] = [];
  if (!reading.imei) problems.push(MESSAGES.noImei);
  if (!reading.serial) problems.push(MESSAGES.noSerial);
  const ocrOk = problems.length === 0;
  const appImeis = reportedImeis(deviceInfo);
  if (reading.imei && appImeis.some((imei) => !reading.imeis.includes(imei)))
    problems.push(MESSAGES.imeiMismatch);
  const appSerials = reportedSerials(deviceInfo);
  if (reading.serial && appSerials.some((serial) => serial !== norm(reading.serial ?? ''))) {
    problems.push(MESSAGES.serialMismatch);
  }
  return { ocrOk, problems };
}

export const MODEL_KEYS = ['model', 'model_name', 'modelName', 'Build.MODEL', 'device_model', 'machine'];

export function reportedModels(deviceInfo: Record<string, unknown>): string[] {
  return MODEL_KEYS.map((key) => deviceInfo[key]).filter(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
}
