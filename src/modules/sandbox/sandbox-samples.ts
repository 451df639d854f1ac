import { TEST_IMEIS, TEST_SERIAL } from '../contracts/test-imeis.js';

type Photo = { kind: 'front' | 'rear'; file: string; variant: string; seed: number; description: string };
type Screenshot = {
  kind: 'screenshot';
  file: string;
  imei: string;
  serial: string;
  model: string;
  description: string;
};

/** What /docs/samples/ offers; scripts/generate-sandbox-samples.ts draws the files. */
export const SANDBOX_SAMPLES: ReadonlyArray<Photo | Screenshot> = [
  {
    kind: 'screenshot',
    file: 'about-phone.png',
    imei: TEST_IMEIS.reads.imei,
    serial: TEST_SERIAL,
    model: 'SM-N981N',
    description: `step-1's device_info_image: a Galaxy Note 20 (SM-N981N) "About phone" screen showing the test IMEI ${TEST_IMEIS.reads.imei} and serial ${TEST_SERIAL}; the real OCR reads it too.`,
  },
  ...[1, 2, 3].map((n) => ({
    kind: 'front' as const,
    file: `front-${n}.jpg`,
    variant: ['straight', 'rotated-15', 'mirrored'][n - 1] as string,
    seed: 900 + n,
    description: `step-2's front_image ${n} of 3: a phone in a room, its screen without a QR code.`,
  })),
  ...[1, 2, 3].map((n) => ({
    kind: 'rear' as const,
    file: `rear-${n}.jpg`,
    variant: ['no-qr', 'rotated-45', 'blur-1'][n - 1] as string,
    seed: 910 + n,
    description: `step-2's rear_image ${n} of 3.`,
  })),
];
