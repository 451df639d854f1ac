import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { readDeviceCsv } from '../modules/devices/catalog/tallcare-csv.js';
import { INSPECTOR_ROLES, MIN_PASSWORD_LENGTH } from '../modules/inspectors/inspectors.service.js';
import type { Execute } from './operations.js';

export type Role = 'start' | 'serve' | 'work';

const modeOption = () =>
  new Option('--mode <mode>', 'live or sandbox (test)').choices(['live', 'test']).default('live');

/** The command tree: `runServices` starts the long-running roles, `execute` runs every other command. */
export function buildCli(execute: Execute, runServices: (role: Role) => Promise<void>): Command {
  const print = async (result: Promise<unknown>) => {
    const value = await result;
    if (value !== undefined) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  };
  const cli = new Command('cp-insurance').description(
    'The cp-insurance platform: partner API, console and worker.',
  );
  cli
    .command('start')
    .description('API and background work in one process (the default)')
    .action(() => runServices('start'));
  cli
    .command('serve')
    .description('the HTTP API only')
    .action(() => runServices('serve'));
  cli
    .command('work')
    .description('background work only (deliveries, notifications, deadlines)')
    .action(() => runServices('work'));
  cli
    .command('migrate')
    .description('apply database migrations and seed the device catalog when empty')
    .action(() => print(execute('migrate', {})));
  registerAffiliateCommands(cli, execute, print);
  registerInspectorCommands(cli, execute, print);
  cli
    .command('deliveries')
    .description('webhook deliveries')
    .command('resend')
    .argument('<id>', 'the webhook id (msg_...) of a dead or partner-error delivery')
    .description('one more attempt now')
    .action((id: string) => print(execute('deliveries.resend', { id })));
  cli
    .command('devices')
    .description('the device catalog')
    .command('import')
    .argument('<file>', 'a CSV in the reference list shape')
    .description('add or update devices from a CSV file')
    .action((file: string) => print(execute('devices.import', readDeviceCsv(readFileSync(file, 'utf8')))));
  return cli;
}

type Print = (result: Promise<unknown>) => Promise<void>;

function registerAffiliateCommands(cli: Command, execute: Execute, print: Print): void {
  const affiliate = cli.command('affiliate').description('partners, their API keys and webhooks');
  affiliate
    .command('create')
    .requiredOption('--name <name>', 'the partner name')
    .addOption(modeOption())
    .option('--webhook-url <url>', 'where inspection results are sent')
    .description('create a partner; prints {affiliate_id, api_key, webhook_secret} once')
    .action((options) =>
      print(
        execute('affiliate.create', {
          name: options.name,
          mode: options.mode,
          webhookUrl: options.webhookUrl ?? null,
        }),
      ),
    );
  affiliate
    .command('list')
    .description('partners with their key prefixes and webhooks')
    .action(() => print(execute('affiliate.list', {})));
  const key = affiliate.command('key').description('API keys');
  key
    .command('create')
    .requiredOption('--affiliate <id>', 'the affiliate id')
    .addOption(modeOption())
    .description('issue a new key; prints it once')
    .action((options) =>
      print(execute('affiliate.key.create', { affiliate: options.affiliate, mode: options.mode })),
    );
  key
    .command('revoke')
    .argument('<key>', 'the key id or its displayed prefix')
    .description('revoke a key (effective within 5 seconds everywhere)')
    .action((keyId: string) => print(execute('affiliate.key.revoke', { key: keyId })));
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
      print(
        execute('affiliate.webhook.set', {
          affiliate: options.affiliate,
          mode: options.mode,
          url: options.url,
        }),
      ),
    );
  webhook
    .command('rotate-secret')
    .requiredOption('--affiliate <id>', 'the affiliate id')
    .addOption(modeOption())
    .description('new signing secret, printed once; the old one also signs for 24 h')
    .action((options) =>
      print(execute('affiliate.webhook.rotate-secret', { affiliate: options.affiliate, mode: options.mode })),
    );
  webhook
    .command('enable')
    .requiredOption('--affiliate <id>', 'the affiliate id')
    .addOption(modeOption())
    .description('re-enable an endpoint disabled after failing continuously; its held webhooks go out now')
    .action((options) =>
      print(execute('affiliate.webhook.enable', { affiliate: options.affiliate, mode: options.mode })),
    );
}

/** `inspector create|list`: how the first admin account comes to exist, before anyone can sign in. */
function registerInspectorCommands(cli: Command, execute: Execute, print: Print): void {
  const inspector = cli.command('inspector').description('inspector and admin accounts of the admin API');
  inspector
    .command('create')
    .requiredOption('--email <email>', 'the sign-in email (stored lowercased)')
    .requiredOption('--password <password>', `at least ${MIN_PASSWORD_LENGTH} characters`)
    .option('--name <name>', 'the name shown in the console')
    .addOption(
      new Option('--role <role>', 'what the account may do')
        .choices([...INSPECTOR_ROLES])
        .default('inspector'),
    )
    .description('create an account; prints {id, email, role}')
    .action((options) =>
      print(
        execute('inspector.create', {
          email: options.email,
          password: options.password,
          name: options.name ?? null,
          role: options.role,
        }),
      ),
    );
  inspector
    .command('list')
    .description('every account with its role and whether it is active')
    .action(() => print(execute('inspector.list', {})));
}
