import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { controlSocketPath } from '../../src/cli/control-socket.js';
import { databaseUrl } from '../helpers/platform.js';
import { BIN, startServeProcess } from '../helpers/serve-process.js';

const run = promisify(execFile);

/** One line written straight to the control socket, and the server's answer. */
async function rawControlLine(path: string, line: string): Promise<unknown> {
  const socket = createConnection(path);
  socket.end(`${line}\n`);
  return JSON.parse((await text(socket)).trim());
}

describe('the cp-insurance CLI', { skip: databaseUrl ? 'covered on PGlite' : false }, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cpi-cli-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  const cli = (...args: string[]) =>
    run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    });

  test('--help lists the commands', async () => {
    const { stdout } = await cli('--help');
    for (const command of ['start', 'serve', 'work', 'migrate', 'affiliate', 'devices'])
      assert.match(stdout, new RegExp(`\\b${command}\\b`));
  });

  test('migrate, affiliate create / list / key create / key revoke, devices import', async () => {
    await cli('migrate');
    const created = JSON.parse(
      (await cli('affiliate', 'create', '--name', 'Bank A', '--mode', 'test')).stdout,
    );
    assert.deepEqual(Object.keys(created).sort(), ['affiliate_id', 'api_key', 'webhook_secret']);
    assert.match(created.api_key, /^cpi_test_/);
    assert.match(created.webhook_secret, /^whsec_[A-Za-z0-9+/]{43}=$/);

    const key = JSON.parse(
      (await cli('affiliate', 'key', 'create', '--affiliate', created.affiliate_id, '--mode', 'live')).stdout,
    );
    assert.match(key.api_key, /^cpi_live_/);

    const listed = JSON.parse((await cli('affiliate', 'list')).stdout);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].keys.length, 2);
    assert.ok(!JSON.stringify(listed).includes(created.api_key), 'list never shows a key');

    const revoked = JSON.parse((await cli('affiliate', 'key', 'revoke', key.key_id)).stdout);
    assert.equal(revoked[0].id, key.key_id);
    await assert.rejects(cli('affiliate', 'key', 'revoke', key.key_id), /No live key/);

    const webhook = JSON.parse(
      (
        await cli(
          'affiliate',
          'webhook',
          'set',
          '--affiliate',
          created.affiliate_id,
          '--mode',
          'test',
          '--url',
          'https://partner.example/hooks',
        )
      ).stdout,
    );
    assert.deepEqual(webhook, { url: 'https://partner.example/hooks' });
    await assert.rejects(
      cli(
        'affiliate',
        'webhook',
        'set',
        '--affiliate',
        created.affiliate_id,
        '--mode',
        'live',
        '--url',
        'http://partner.example/hooks',
      ),
      /https/,
    );
    const rotated = JSON.parse(
      (
        await cli(
          'affiliate',
          'webhook',
          'rotate-secret',
          '--affiliate',
          created.affiliate_id,
          '--mode',
          'test',
        )
      ).stdout,
    );
    assert.match(rotated.webhook_secret, /^whsec_/);
    assert.notEqual(rotated.webhook_secret, created.webhook_secret);
    const inspector = JSON.parse(
      (
        await cli(
          'inspector',
          'create',
          '--email',
          'lee@cp-insurance.test',
          '--password',
          'a long enough password',
          '--role',
          'admin',
        )
      ).stdout,
    );
    assert.equal(inspector.role, 'admin');
    await assert.rejects(cli('deliveries', 'resend', 'msg_missing'), /No dead or partner-error delivery/);

    const csv = join(dataDir, 'new-devices.csv');
    await writeFile(
      csv,
      'sheet,manufacturer,representative_name,model_name,model_code,release_date,phone_safe_plans\n' +
        'LTE,삼성,SM-S999N_256G,SM-S999N_256G,ZZ01,2026-10-01,안드로이드 프리미엄형\n' +
        'LTE,삼성,SM-T999N,SM-T999N,ZZ02,2026-10-01,X\n',
    );
    const imported = JSON.parse((await cli('devices', 'import', csv)).stdout);
    assert.equal(imported.inserted, 1);
    assert.equal(imported.updated, 0);
    assert.equal(imported.skipped.length, 1, 'a tablet row is reported, not imported');
  });

  test('beside a running server the CLI works through it, and a new key answers at once', async () => {
    const server = await startServeProcess(dataDir);
    try {
      const created = JSON.parse(
        (await cli('affiliate', 'create', '--name', 'Bank B', '--mode', 'test')).stdout,
      );
      assert.match(created.api_key, /^cpi_test_/);
      const candidates = await fetch(`${server.url}/cp-insurance/candidate/`, {
        headers: { 'x-itechs-api-key': created.api_key },
      });
      assert.equal(candidates.status, 200);
      assert.ok(
        ((await candidates.json()) as { data: { device_list: unknown[] } }).data.device_list.length > 0,
      );
      const listed = JSON.parse((await cli('affiliate', 'list')).stdout);
      assert.ok(listed.some((row: { id: string }) => row.id === created.affiliate_id));
      // Errors come back as the command's own, with exit code 1.
      await assert.rejects(cli('deliveries', 'resend', 'msg_missing'), /No dead or partner-error delivery/);
      // A second server on the same embedded database is still refused, naming the holder.
      await assert.rejects(
        run(process.execPath, [BIN, 'serve'], {
          env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'warn' },
        }),
        /in use by process \d+\. Stop that process first, or set DATABASE_URL/,
      );
      // Whatever a peer writes on the socket, the server answers or hangs up, and keeps serving.
      const socketPath = controlSocketPath(dataDir);
      assert.equal(statSync(socketPath).mode & 0o777, 0o600);
      for (const line of ['null', '1', '"x"', '{}', '{"operation": 5}', 'not json']) {
        assert.deepEqual(await rawControlLine(socketPath, line), {
          ok: false,
          error: 'The control socket takes one JSON line {"operation", "input"}.',
        });
      }
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.match(server.printed(), /"operation":"affiliate.create".*CLI operation done/);
      assert.doesNotMatch(server.printed(), /Bank B/, 'the server logs the operation, not its input');
    } finally {
      await server.stop();
    }
    assert.ok(
      JSON.parse((await cli('affiliate', 'list')).stdout),
      'the lock and the socket go with the process',
    );
  });

  test('a bad setting stops the process with a message naming the variable', async () => {
    await assert.rejects(
      run(process.execPath, [BIN, 'migrate'], { env: { ...process.env, PORT: 'eighty' } }),
      (error: { code: number; stderr: string }) =>
        error.code === 1 && /PORT must be a whole number/.test(error.stderr),
    );
  });
});
