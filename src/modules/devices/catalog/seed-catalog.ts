import { readFileSync } from 'node:fs';
import type { CatalogDevice } from './catalog-device.js';
import { curatedDevices } from './curated-devices.js';
import { parseDeviceCsv } from './tallcare-csv.js';

// Shipped beside this module (a build step that moves the code must copy it along).
const REFERENCE_CSV = new URL('./tallcare-eligible-devices-2019-07.csv', import.meta.url);

/**
 * The catalog a fresh database starts with: the carrier's 2019-07 reference list, then the curated
 * phones launched since. Curated entries win: a code both list is taken from the reference device,
 * and a reference device left without codes is dropped, so no code belongs to two devices.
 */
export function loadSeedCatalog(): CatalogDevice[] {
  const reference = parseDeviceCsv(readFileSync(REFERENCE_CSV, 'utf8'));
  const curated = curatedDevices();
  const curatedCodes = new Set(
    curated.flatMap((device) => device.identifiers.map((id) => `${device.os}:${id}`)),
  );
  const kept = reference.flatMap((device) => {
    const identifiers = device.identifiers.filter((id) => !curatedCodes.has(`${device.os}:${id}`));
    if (identifiers.length === 0) return [];
    return [
      {
        ...device,
        identifiers,
        modelName: identifiers.includes(device.modelName) ? device.modelName : (identifiers[0] ?? ''),
      },
    ];
  });
  return [...kept, ...curated];
}
