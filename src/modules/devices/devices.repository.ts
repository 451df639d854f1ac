import type { Updateable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { DevicesTable } from '../../core/db/schema.js';
import type { CatalogDevice } from './catalog/catalog-device.js';
import { normaliseDeviceCode } from './catalog/device-matching.js';

const DEVICE_COLUMNS = [
  'devices.id',
  'devices.os',
  'devices.name',
  'devices.model_name',
  'devices.release_date',
  'devices.eligible',
  'devices.premium_lump_sum',
  'devices.premium_monthly',
] as const;

export function devicesRepository(db: Db) {
  return {
    /** Every device, in the candidate list's order (OS, newest first, name). */
    listAll() {
      return db
        .selectFrom('devices')
        .select(DEVICE_COLUMNS)
        .orderBy('os')
        .orderBy('release_date', 'desc')
        .orderBy('name')
        .execute();
    },

    listIdentifiers() {
      return db.selectFrom('device_identifiers').select(['device_id', 'os', 'match_key']).execute();
    },

    update(id: string, changes: Updateable<DevicesTable>) {
      return db.updateTable('devices').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('devices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /**
     * Adds or updates devices by (os, model_name); an identifier always moves to the device that names
     * it last. Run it in a transaction: a failed row must leave the catalog as it was.
     */
    async upsertMany(devices: CatalogDevice[], at: Date): Promise<{ inserted: number; updated: number }> {
      let inserted = 0;
      for (const device of devices) {
        const row = await db
          .insertInto('devices')
          .values({
            os: device.os,
            name: device.name,
            model_name: device.modelName,
            release_date: device.releaseDate,
            eligible: device.eligible,
            premium_lump_sum: device.premiumLumpSum,
            premium_monthly: device.premiumMonthly,
          })
          .onConflict((conflict) =>
            conflict.columns(['os', 'model_name']).doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              release_date: eb.ref('excluded.release_date'),
              eligible: eb.ref('excluded.eligible'),
              premium_lump_sum: eb.ref('excluded.premium_lump_sum'),
              premium_monthly: eb.ref('excluded.premium_monthly'),
              updated_at: at,
            })),
          )
          .returning(['id', 'created_at', 'updated_at'])
          .executeTakeFirstOrThrow();
        if (row.created_at.getTime() === row.updated_at.getTime()) inserted++;
        const identifiers = [...new Set([device.modelName, ...device.identifiers])].map((identifier) => ({
          device_id: row.id,
          os: device.os,
          identifier,
          match_key: normaliseDeviceCode(device.os, identifier),
        }));
        await db
          .insertInto('device_identifiers')
          .values(identifiers)
          .onConflict((conflict) =>
            conflict.columns(['os', 'match_key']).doUpdateSet((eb) => ({
              device_id: eb.ref('excluded.device_id'),
              identifier: eb.ref('excluded.identifier'),
            })),
          )
          .execute();
      }
      return { inserted, updated: devices.length - inserted };
    },

    /** A page of the catalog matching `q` in name or model, with the total. */
    async search(q: string | undefined, limit: number, offset: number) {
      let query = db.selectFrom('devices');
      if (q)
        query = query.where((eb) =>
          eb.or([eb('name', 'ilike', `%${q}%`), eb('model_name', 'ilike', `%${q}%`)]),
        );
      const [items, total] = await Promise.all([
        query
          .select([
            'id',
            'os',
            'name',
            'model_name',
            'eligible',
            'premium_lump_sum',
            'premium_monthly',
            'release_date',
          ])
          .orderBy('os')
          .orderBy('name')
          .limit(limit)
          .offset(offset)
          .execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(total.n), items };
    },
  };
}

export type DevicesRepository = ReturnType<typeof devicesRepository>;
export type DeviceRow = Awaited<ReturnType<DevicesRepository['listAll']>>[number];
