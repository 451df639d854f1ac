import type { Mode } from '../../core/db/schema.js';
import type { ScreenshotReading } from '../checks/ocr/ocr.port.js';
import { reportedImeis, reportedSerials } from './device-check.js';

/**
 * The sandbox's test IMEIs, for app developers without a phone at hand (an emulator has no IMEI).
 * They are in GSMA's test range (reporting body 00), so no real phone carries them. In test mode,
 * step-1 with one of them as `device_info.imei` skips the OCR and answers as the IMEI's behaviour
 * says, whatever screenshot was uploaded; in live mode they are ordinary IMEIs.
 */
export const TEST_IMEIS = {
  reads: {
    imei: '001010100000015',
    behaviour: 'always reads: step-1 passes; reusable by any number of test contracts at once',
  },
  already_insured: {
    imei: '001010100000023',
    behaviour: 'reads, but is already insured: step-1 fails with 이미 보험에 가입된 기기입니다',
  },
  unreadable: {
    imei: '001010100000031',
    behaviour: 'the OCR cannot read the screenshot: step-1 fails with the no-IMEI and no-serial messages',
  },
} as const;

/** The serial a test IMEI's screenshot "shows" when the app sends none. */
export const TEST_SERIAL = 'R3CNTEST0001';

export interface TestImeiReading {
  reading: ScreenshotReading;
  alreadyInsured: boolean;
}

/** What step-1 reads for a test-mode contract whose app sent a test IMEI; null otherwise (the OCR runs). */
export function testImeiReading(mode: Mode, deviceInfo: Record<string, unknown>): TestImeiReading | null {
  if (mode !== 'test') return null;
  const imeis = reportedImeis(deviceInfo);
  const fixture = Object.values(TEST_IMEIS).find((candidate) => imeis.includes(candidate.imei));
  if (!fixture) return null;
  const text = `[sandbox] test IMEI ${fixture.imei}: ${fixture.behaviour}; the OCR did not run.`;
  if (fixture === TEST_IMEIS.unreadable)
    return {
      reading: { imeis: [], imei: null, serial: null, model: null, confidence: 0, text },
      alreadyInsured: false,
    };
  const serial = reportedSerials(deviceInfo)[0] ?? TEST_SERIAL;
  return {
    reading: { imeis: [fixture.imei], imei: fixture.imei, serial, model: null, confidence: 1, text },
    alreadyInsured: fixture === TEST_IMEIS.already_insured,
  };
}
