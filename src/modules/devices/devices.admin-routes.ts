import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../core/errors.js';
import { actorOf, requireRole } from '../../core/http/admin-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import type { App } from '../../core/http/server.js';
import { DeviceCsvError } from './catalog/device-csv-error.js';
import { readDeviceCsv } from './catalog/tallcare-csv.js';
import { CatalogImport, CatalogPage, UpdatedDevice } from './devices.schemas.js';
import type { DevicesService } from './devices.service.js';

const tags = ['admin: devices'];

/** Admins: search the catalog, switch eligibility, edit premiums, import a CSV (the reference list's shape). */
export function deviceAdminRoutes(devices: DevicesService) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', requireRole('admin'));
    app.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: 5 * 1_048_576 },
      (_request, body, done) => done(null, body),
    );

    app.get(
      '/devices',
      {
        schema: {
          tags,
          summary: 'Search the catalog',
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
          }),
          response: { 200: Envelope(CatalogPage), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) =>
        envelope(
          200,
          await devices.searchDevices(request.query.q, request.query.limit ?? 50, request.query.offset ?? 0),
        ),
    );

    app.patch(
      '/devices/:id',
      {
        schema: {
          tags,
          summary: 'Eligibility and premiums',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            {
              eligible: Type.Optional(Type.Boolean()),
              premium_lump_sum: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
              premium_monthly: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
            },
            // The fields become columns of an UPDATE: anything else is refused, not passed on.
            { minProperties: 1, additionalProperties: false },
          ),
          response: { 200: Envelope(UpdatedDevice), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const updated = await devices.updateDevice(request.params.id, request.body, actorOf(request));
        if (!updated) throw new AppError('not_found', 'Device was not found.');
        return envelope(200, updated);
      },
    );

    app.post(
      '/devices/import',
      {
        config: { accepts: ['text/csv'] },
        schema: {
          tags,
          summary: 'Import devices from a CSV body (text/csv)',
          consumes: ['text/csv'],
          response: { 200: Envelope(CatalogImport), ...errorResponses(400, 401, 403, 415) },
        },
      },
      async (request) => {
        let parsed: ReturnType<typeof readDeviceCsv>;
        try {
          parsed = readDeviceCsv(String(request.body));
        } catch (error) {
          if (error instanceof DeviceCsvError) throw new AppError('validation_failed', error.message, 'body');
          throw error;
        }
        const result = await devices.importDevices(parsed.devices, actorOf(request));
        return envelope(200, { ...result, skipped: parsed.skipped });
      },
    );
  };
}
