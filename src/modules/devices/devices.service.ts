import type { Clock } from '../../core/clock.js';
import type { CatalogDevice, DeviceOs } from './catalog/catalog-device.js';
import type { DeviceRow, DevicesRepository } from './devices.repository.js';

export function toCandidate(device: DeviceRow) {
  return {
    id: device.id,
    name: device.name,
    model_name: device.model_name,
    os: device.os,
    premium_lump_sum: device.premium_lump_sum,
    premium_monthly: device.premium_monthly,
  };
}

/**
 * Eligibility answers. The eligible list is read by every partner app on start, so it is kept for
 * `listCacheMs`: catalog edits show within that time on every process.
 */
export function devicesService(repository: DevicesRepository, clock: Clock, listCacheMs: number) {
  let cached: { at: number; list: Promise<ReturnType<typeof toCandidate>[]> } | null = null;

  return {
    listCandidates() {
      const now = clock.now().getTime();
      if (!cached || now - cached.at >= listCacheMs) {
        const list = repository.listEligible().then((rows) => rows.map(toCandidate));
        cached = { at: now, list };
        list.catch(() => {
          cached = null;
        });
      }
      return cached.list;
    },

    async checkAvailability(os: DeviceOs, deviceName: string) {
      const device = await repository.findByReportedCode(os, deviceName);
      return { available: device?.eligible === true, device: device ? toCandidate(device) : null };
    },

    findDevice: (os: DeviceOs, deviceName: string) => repository.findByReportedCode(os, deviceName),

    async updateDevice(
      id: string,
      changes: { eligible?: boolean; premium_lump_sum?: number; premium_monthly?: number },
    ) {
      const updated = await repository.update(id, { ...changes, updated_at: clock.now() });
      cached = null;
      return updated;
    },

    async importDevices(devices: CatalogDevice[]) {
      const result = await repository.upsertMany(devices);
      cached = null;
      return result;
    },
  };
}

export type DevicesService = ReturnType<typeof devicesService>;
