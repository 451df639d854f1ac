import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildCli } from '../../src/cli/commands.js';
import { type CliServices, runOperation } from '../../src/cli/operations.js';
import { ManualClock } from '../../src/core/clock.js';
import {
  type InspectorsService,
  inspectorsService,
} from '../../src/modules/inspectors/inspectors.service.js';
import { needsRehash } from '../../src/modules/inspectors/password-hash.js';
import { openTestDatabase } from '../helpers/test-database.js';

const PASSWORD = 'correct horse battery';
const ADDRESS = '198.51.100.7';

describe('inspector account upkeep: rehashing, audit, pruning, command line', () => {
  const clock = new ManualClock(new Date('2026-11-26T03:00:00Z'));
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let service: InspectorsService;

  before(async () => {
    database = await openTestDatabase();
    service = inspectorsService({ db: database.db, clock });
  });
  after(() => database.drop());

  const passwordHashOf = async (id: string) =>
    (
      await database.db
        .selectFrom('inspectors')
        .select('password_hash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).password_hash;

  test('a hash made with older parameters still verifies and is redone at login', async () => {
    const created = await service.createInspector(
      {
        email: 'old@example.com',
        password: PASSWORD,
        role: 'admin',
      },
      { kind: 'cli' },
    );
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14 });
    const weak = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    assert.equal(needsRehash(weak), true);
    await database.db
      .updateTable('inspectors')
      .set({ password_hash: weak })
      .where('id', '=', created.id)
      .execute();
    await service.login({ email: created.email, password: PASSWORD, address: ADDRESS });
    assert.equal(needsRehash(await passwordHashOf(created.id)), false);
  });

  test('audit entries keep who did what to which target, and when', async () => {
    const created = await service.createInspector(
      {
        email: 'audit@example.com',
        password: PASSWORD,
        role: 'admin',
      },
      { kind: 'cli' },
    );
    const other = await service.createInspector(
      { email: 'audited@example.com', password: PASSWORD, role: 'inspector' },
      { kind: 'cli' },
    );
    await service.deactivateInspector(other.id, { kind: 'inspector', id: created.id });
    const row = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('inspector_id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.action, row.target, row.details],
      ['inspector.deactivate', other.id, { revoked_sessions: 0 }],
    );
    assert.equal(row.at.getTime(), clock.now().getTime());
  });

  test('pruning forgets failures past the window and sessions expired a month ago', async () => {
    const created = await service.createInspector(
      {
        email: 'prune@example.com',
        password: PASSWORD,
        role: 'inspector',
      },
      { kind: 'cli' },
    );
    await service.login({ email: created.email, password: PASSWORD, address: ADDRESS });
    await assert.rejects(
      service.login({ email: created.email, password: 'wrong password', address: ADDRESS }),
    );
    assert.deepEqual(await service.prune(), { loginFailures: 0, sessions: 0 });
    clock.advance(31 * 24 * 3_600_000);
    const pruned = await service.prune();
    assert.equal(pruned.loginFailures, 1);
    assert.ok(pruned.sessions >= 1, JSON.stringify(pruned));
  });

  test('the command line creates and lists accounts, and audits the creation', async () => {
    const printed: unknown[] = [];
    // The inspector commands need only the inspectors service.
    const services = { inspectors: service } as unknown as CliServices;
    const cli = buildCli(
      async (name, input) => {
        printed.push(await runOperation(services, name, input));
        return undefined;
      },
      () => Promise.reject(new Error('not started here')),
    ).exitOverride();
    const argv = [
      'inspector',
      'create',
      '--email',
      'Cli@Example.com',
      '--password',
      PASSWORD,
      '--role',
      'admin',
    ];
    await cli.parseAsync(argv, { from: 'user' });
    const created = printed[0] as { id: string; email: string; role: string };
    assert.deepEqual({ ...created, id: 'x' }, { id: 'x', email: 'cli@example.com', role: 'admin' });
    assert.ok(!(await passwordHashOf(created.id)).includes(PASSWORD));

    await cli.parseAsync(['inspector', 'list'], { from: 'user' });
    assert.ok((printed[1] as { email: string }[]).some((row) => row.email === 'cli@example.com'));
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([audit.inspector_id, audit.action], [null, 'inspector.create']);
  });
});
