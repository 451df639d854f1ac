import type { Platform } from '../app.js';
import type { Mode } from '../core/db/schema.js';
import type { DeviceCsvResult } from '../modules/devices/catalog/tallcare-csv.js';
import type { NewInspector } from '../modules/inspectors/inspectors.service.js';

/** Audited actions taken from the command line are the CLI's, with no inspector. */
const CLI = { kind: 'cli' } as const;

export type CliServices = Pick<
  Platform,
  'affiliates' | 'endpoints' | 'inspectors' | 'deliveries' | 'devices'
>;

/**
 * What each CLI command does once its arguments are read: a name and a JSON input, so that the
 * same operation runs in this process or, when a running server holds the embedded database, in
 * that server over its control socket.
 */
export const CLI_OPERATIONS = {
  migrate: async () => ({ migrated: true }),
  'affiliate.create': (
    services: CliServices,
    input: { name: string; mode: Mode; webhookUrl: string | null },
  ) => services.affiliates.createAffiliate(input),
  'affiliate.list': (services: CliServices) => services.affiliates.listAffiliates(),
  'affiliate.key.create': (services: CliServices, input: { affiliate: string; mode: Mode }) =>
    services.affiliates.createKey(input.affiliate, input.mode, CLI),
  'affiliate.key.revoke': (services: CliServices, input: { key: string }) =>
    services.affiliates.revokeKey(input.key, CLI),
  'affiliate.webhook.set': (services: CliServices, input: { affiliate: string; mode: Mode; url: string }) =>
    services.endpoints.setUrl(input.affiliate, input.mode, input.url),
  'affiliate.webhook.rotate-secret': (services: CliServices, input: { affiliate: string; mode: Mode }) =>
    services.endpoints.rotateSecret(input.affiliate, input.mode),
  'affiliate.webhook.enable': (services: CliServices, input: { affiliate: string; mode: Mode }) =>
    services.affiliates.enableWebhook(input.affiliate, input.mode, CLI),
  'inspector.create': async (services: CliServices, input: NewInspector) => {
    const created = await services.inspectors.createInspector(input, CLI);
    return { id: created.id, email: created.email, role: created.role };
  },
  'inspector.list': (services: CliServices) => services.inspectors.listInspectors(),
  'deliveries.resend': async (services: CliServices, input: { id: string }) => {
    const resent = await services.deliveries.resend(input.id, CLI);
    if (!resent) throw new Error(`No dead or partner-error delivery ${input.id}.`);
    return resent;
  },
  'devices.import': async (services: CliServices, input: DeviceCsvResult) => ({
    ...(await services.devices.importDevices(input.devices, CLI)),
    skipped: input.skipped,
  }),
} as const;

export type OperationName = keyof typeof CLI_OPERATIONS;
type Operation<N extends OperationName> = (typeof CLI_OPERATIONS)[N];
export type OperationInput<N extends OperationName> =
  Parameters<Operation<N>> extends [unknown, infer I] ? I : Record<string, never>;

/** Runs one operation on these services; an unknown name (from a newer client) is refused. */
export function runOperation(services: CliServices, name: string, input: unknown): Promise<unknown> {
  if (!Object.hasOwn(CLI_OPERATIONS, name)) throw new Error(`Unknown operation "${name}".`);
  const operation = CLI_OPERATIONS[name as OperationName] as (
    services: CliServices,
    input: unknown,
  ) => Promise<unknown>;
  return operation(services, input);
}

/** Runs an operation wherever the database is, answering its result. */
export type Execute = <N extends OperationName>(name: N, input: OperationInput<N>) => Promise<unknown>;
