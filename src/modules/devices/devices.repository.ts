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

    /** Adds or updates devices by (os, model_name); an identifier always moves to the device that names it last. */
    async upsertMany(devices: CatalogDevice[]): Promise<{ inserted: number; updated: number }> {
      return db.transaction().execute(async (trx) => {
        let inserted = 0;
        for (const device of devices) {
          const row = await trx
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
                updated_at: new Date(),
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
          await trx
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
      });
    },
  };
}

export type DevicesRepository = ReturnType<typeof devicesRepository>;
export type DeviceRow = Awaited<ReturnType<DevicesRepository['listAll']>>[number];
