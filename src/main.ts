import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { openPlatform, type Platform } from './app.js';
import { ConfigError, loadConfig, loadDotenv } from './config.js';
import { ensureConsoleBuilt } from './core/http/console-build.js';
import { createLogger } from './core/logger.js';
import { readDeviceCsv } from './modules/devices/catalog/tallcare-csv.js';
import { registerInspectorCommands } from './modules/inspectors/inspectors.cli.js';
import { serve, startWorker, stopOnSignals } from './runtime.js';

/** Audited actions taken here are recorded as the CLI's, with no inspector. */
const CLI = { kind: 'cli' } as const;

const modeOption = () =>
  new Option('--mode <mode>', 'live or sandbox (test)').choices(['live', 'test']).default('live');

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One-shot commands log to stderr so that their stdout is only the JSON they print. */
async function withPlatform(run: (platform: Platform) => Promise<unknown>): Promise<void> {
  const config = loadConfig();
  const platform = await openPlatform({
    config,
    logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr),
  });
  try {
    const result = await run(platform);
    if (result !== undefined) printJson(result);
  } finally {
    await platform.close();
  }
}

async function runServices(withHttp: boolean, withWorker: boolean): Promise<void> {
  const platform = await openPlatform({ config: loadConfig() });
  if (withHttp) ensureConsoleBuilt(platform.logger);
  const parts = [];
  if (withHttp) parts.push(await serve(platform));
  if (withWorker) parts.push(startWorker(platform));
  stopOnSignals(platform, parts);
}

function buildCli(): Command {
  const cli = new Command('cp-insurance').description(
    'The cp-insurance platform: partner API, console and worker.',
  );
  cli
    .command('start')
    .description('API and background work in one process (the default)')
    .action(() => runServices(true, true));
  cli
    .command('serve')
    .description('the HTTP API only')
    .action(() => runServices(true, false));
  cli
    .command('work')
    .description('background work only (deliveries, notifications, deadlines)')
    .action(() => runServices(false, true));
  cli
    .command('migrate')
    .description('apply database migrations and seed the device catalog when empty')
    .action(() => withPlatform(async () => ({ migrated: true })));

  const affiliate = cli.command('affiliate').description('partners, their API keys and webhooks');
  affiliate
    .command('create')
    .requiredOption('--name <name>', 'the partner name')
    .addOption(modeOption())
    .option('--webhook-url <url>', 'where inspection results are sent')
    .description('create a partner; prints {affiliate_id, api_key, webhook_secret} once')
    .action((options) =>
      withPlatform((platform) =>
        platform.affiliates.createAffiliate({
          name: options.name,
          mode: options.mode,
          webhookUrl: options.webhookUrl ?? null,
        }),
      ),
    );
  affiliate
    .command('list')
    .description('partners with their key prefixes and webhooks')
    .action(() => withPlatform((platform) => platform.affiliates.listAffiliates()));
  const key = affiliate.command('key').description('API keys');
  key
    .command('create')
    .requiredOption('--affiliate <id>', 'the affiliate id')
    .addOption(modeOption())
    .description('issue a new key; prints it once')
    .action((options) =>
      withPlatform((platform) => platform.affiliates.createKey(options.affiliate, options.mode, CLI)),
    );
  key
    .command('revoke')
    .argument('<key>', 'the key id or its displayed prefix')
    .description('revoke a key (effective within 5 seconds everywhere)')
    .action((keyId: string) => withPlatform((platform) => platform.affiliates.revokeKey(keyId, CLI)));

  const webhook = affiliate
    .command('webhook')
    .description('where inspection results are sent, and the signing secret');
  webhook
    .command('set')
    .requiredOption('--affiliate <id>', 'the affiliate id')
    .addOption(modeOption())
    .requiredOption('--url <url>', 'https endpoint (http to loopback only with WEBHOOK_ALLOW_PRIVATE=true)')
    .description('set the webhook URL')
    .action((options) =>
      withPlatform((platform) => platform.endpoints.setUrl(options.affiliate, options.mode, options.url)),
    );
  webhook
    .command('rotate-secret')
    .requiredOption('--affiliate <id>', 'the affiliate id')
    .addOption(modeOption())
    .description('new signing secret, printed once; the old one also signs for 24 h')
    .action((options) =>
      withPlatform((platform) => platform.endpoints.rotateSecret(options.affiliate, options.mode)),
    );

  registerInspectorCommands(cli, (run) => withPlatform((platform) => run(platform.inspectors)));
  cli
    .command('deliveries')
    .description('webhook deliveries')
    .command('resend')
    .argument('<id>', 'the webhook id (msg_...) of a dead or partner-error delivery')
    .description('one more attempt now')
    .action((id: string) =>
      withPlatform(async (platform) => {
        const resent = await platform.deliveries.resend(id, CLI);
        if (!resent) throw new Error(`No dead or partner-error delivery ${id}.`);
        return resent;
      }),
    );

  const devices = cli.command('devices').description('the device catalog');
  devices
    .command('import')
    .argument('<file>', 'a CSV in the reference list shape')
    .description('add or update devices from a CSV file')
    .action((file: string) =>
      withPlatform(async (platform) => {
        const { devices: rows, skipped } = readDeviceCsv(readFileSync(file, 'utf8'));
        return { ...(await platform.devices.importDevices(rows, CLI)), skipped };
      }),
    );
  return cli;
}

export async function main(argv: string[]): Promise<void> {
  loadDotenv();
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`cp-insurance: ${message}\n`);
    process.exitCode = 1;
  }
}
