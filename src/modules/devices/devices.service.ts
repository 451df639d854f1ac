import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { type AuditActor, auditRepository } from '../audit/audit.repository.js';
import type { CatalogDevice, DeviceOs } from './catalog/catalog-device.js';
import { normaliseDeviceCode } from './catalog/device-matching.js';
import { type DeviceRow, type DevicesRepository, devicesRepository } from './devices.repository.js';

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

/** The whole catalog as read at one moment: a few hundred rows, looked up on every contract request. */
interface CatalogSnapshot {
  candidates: ReturnType<typeof toCandidate>[];
  byId: Map<string, DeviceRow>;
  byMatchKey: Map<string, DeviceRow>;
}

const matchKeyOf = (os: string, matchKey: string) => `${os}:${matchKey}`;

async function readCatalog(repository: DevicesRepository): Promise<CatalogSnapshot> {
  const [devices, identifiers] = await Promise.all([repository.listAll(), repository.listIdentifiers()]);
  const byId = new Map(devices.map((device) => [device.id, device]));
  const byMatchKey = new Map<string, DeviceRow>();
  for (const identifier of identifiers) {
    const device = byId.get(identifier.device_id);
    if (device) byMatchKey.set(matchKeyOf(identifier.os, identifier.match_key), device);
  }
  const candidates = devices.filter((device) => device.eligible).map(toCandidate);
  return { candidates, byId, byMatchKey };
}

/**
 * Eligibility answers and device look-ups. Every partner app reads the list on start and every
 * contract request looks a device up, so the catalog is kept in memory for `cacheMs`: edits made
 * here show at once, edits made by another process (the CLI's import) within that time.
 */
export function devicesService(db: Db, clock: Clock, cacheMs: number) {
  const repository = devicesRepository(db);
  let cached: { at: number; snapshot: Promise<CatalogSnapshot> } | null = null;

  function catalog(): Promise<CatalogSnapshot> {
    const now = clock.now().getTime();
    if (!cached || now - cached.at >= cacheMs) {
      const snapshot = readCatalog(repository);
      cached = { at: now, snapshot };
      snapshot.catch(() => {
        cached = null;
      });
    }
    return cached.snapshot;
  }

  async function findDevice(os: DeviceOs, deviceName: string): Promise<DeviceRow | undefined> {
    return (await catalog()).byMatchKey.get(matchKeyOf(os, normaliseDeviceCode(os, deviceName)));
  }

  return {
    listCandidates: async () => (await catalog()).candidates,

    findDevice,

    async deviceById(id: string): Promise<DeviceRow | undefined> {
      return (await catalog()).byId.get(id);
    },

    async checkAvailability(os: DeviceOs, deviceName: string) {
      const device = await findDevice(os, deviceName);
      return { available: device?.eligible === true, device: device ? toCandidate(device) : null };
    },

    searchDevices: (q: string | undefined, limit: number, offset: number) =>
      repository.search(q?.trim() || undefined, limit, offset),

    /** Eligibility or premiums of one device, audited in the same transaction; undefined for no such device. */
    async updateDevice(
      id: string,
      changes: { eligible?: boolean; premium_lump_sum?: number; premium_monthly?: number },
      actor: AuditActor,
    ) {
      const at = clock.now();
      const updated = await db.transaction().execute(async (trx) => {
        const row = await devicesRepository(trx).update(id, { ...changes, updated_at: at });
        if (row)
          await auditRepository(trx).record({
            actor,
            action: 'device.update',
            target: id,
            details: changes,
            at,
          });
        return row;
      });
      cached = null;
      return updated;
    },

    /** Adds or updates devices from a list, all or none, audited in the same transaction. */
    async importDevices(devices: CatalogDevice[], actor: AuditActor) {
      const at = clock.now();
      const result = await db.transaction().execute(async (trx) => {
        const counts = await devicesRepository(trx).upsertMany(devices, at);
        const target = `${devices.length} devices`;
        await auditRepository(trx).record({ actor, action: 'device.import', target, details: counts, at });
        return counts;
      });
      cached = null;
      return result;
    },

    /** A new installation's catalog: the seed list when the catalog is empty. Answers what was added, or null. */
    async seedIfEmpty(devices: () => CatalogDevice[]) {
      if ((await repository.count()) > 0) return null;
      return db.transaction().execute((trx) => devicesRepository(trx).upsertMany(devices(), clock.now()));
    },
  };
}

export type DevicesService = ReturnType<typeof devicesService>;
