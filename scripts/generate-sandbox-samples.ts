// The sandbox's downloadable samples (/docs/samples/): an "About phone" screenshot showing the test
// IMEI that always reads, and three front and three rear photos with no QR code (a sandbox contract
// asking for an outcome needs none). Run: node --import tsx scripts/generate-sandbox-samples.ts
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SANDBOX_SAMPLES } from '../src/modules/sandbox/sandbox-samples.js';
import { renderPhoto } from './generate-photos.js';
import { PHOTO_VARIANTS } from './photo-variants.js';
import { renderAboutPhone } from './render-about-phone.js';

const OUT = resolve(import.meta.dirname, '../src/modules/sandbox/samples');
const KEYS = { key: 'unused', otherKey: 'unused' };
const variant = (name: string) => {
  const found = PHOTO_VARIANTS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no photo variant ${name}`);
  return found;
};

async function render(sample: (typeof SANDBOX_SAMPLES)[number]): Promise<Buffer> {
  if (sample.kind === 'screenshot') {
    return renderAboutPhone({
      os: 'android',
      imeis: [sample.imei],
      serial: sample.serial,
      model: sample.model,
    });
  }
  return renderPhoto({ ...variant(sample.variant), screen: 'no-qr', seed: sample.seed }, KEYS);
}

for (const sample of SANDBOX_SAMPLES) {
  await writeFile(join(OUT, sample.file), await render(sample));
  console.log(`wrote ${sample.file}`);
}
