import { type Command, Option } from 'commander';
import type { InspectorRole } from '../../core/db/schema.js';
import { INSPECTOR_ROLES, type InspectorsService, MIN_PASSWORD_LENGTH } from './inspectors.service.js';

export type WithInspectors = (run: (service: InspectorsService) => Promise<unknown>) => Promise<void>;

/** `inspector create|list`: how the first admin account comes to exist, before anyone can sign in. */
export function registerInspectorCommands(cli: Command, withService: WithInspectors): void {
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
    .action((options: { email: string; password: string; name?: string; role: InspectorRole }) =>
      withService(async (service) => {
        const input = { ...options, name: options.name ?? null };
        // No session here: the audit entry has no inspector, and says where it came from.
        const created = await service.createInspector(input, { kind: 'cli' });
        return { id: created.id, email: created.email, role: created.role };
      }),
    );
  inspector
    .command('list')
    .description('every account with its role and whether it is active')
    .action(() => withService((service) => service.listInspectors()));
}
