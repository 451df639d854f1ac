import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { AppError } from '../../src/core/errors.js';
import {
  type InspectorsService,
  inspectorsService,
} from '../../src/modules/inspectors/inspectors.service.js';
import { needsRehash, verifyPassword } from '../../src/modules/inspectors/password-hash.js';
import { openTestDatabase } from '../helpers/test-database.js';

const PASSWORD = 'correct horse battery';
const HOUR = 3_600_000;

async function rejectsWith(work: Promise<unknown>, status: number, code: string): Promise<AppError> {
  let caught: unknown;
  await assert.rejects(work, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof AppError, String(caught));
  assert.equal(caught.code, code);
  assert.equal(caught.status, status);
  return caught;
}

describe('inspector accounts and admin sessions', () => {
  const clock = new ManualClock(new Date('2026-11-26T03:00:00Z'));
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let service: InspectorsService;
  let accounts = 0;
  let addresses = 0;
  // Every test uses its own email and client address, so the login limits of one never touch another.
  const newEmail = () => `inspector-${++accounts}@example.com`;
  const newAddress = () => `192.0.2.${++addresses}`;
  const account = async (role: 'inspector' | 'admin' = 'inspector') =>
    service.createInspector({ email: newEmail(), password: PASSWORD, role }, { kind: 'cli' });

  before(async () => {
    database = await openTestDatabase();
    service = inspectorsService({ db: database.db, clock });
  });
  after(() => database.drop());

  test('an account is created with its email lowercased, and a duplicate is 409', async () => {
    const created = await service.createInspector(
      {
        email: '  Kim.Inspector@Example.COM ',
        password: PASSWORD,
        name: 'Kim',
        role: 'admin',
      },
      { kind: 'cli' },
    );
    assert.equal(created.email, 'kim.inspector@example.com');
    assert.deepEqual([created.name, created.role, created.active], ['Kim', 'admin', true]);
    const again = service.createInspector(
      {
        email: 'KIM.inspector@example.com',
        password: PASSWORD,
        role: 'admin',
      },
      { kind: 'cli' },
    );
    await rejectsWith(again, 409, 'conflict');
    const listed = await service.listInspectors();
    assert.equal(listed.filter((row) => row.email === created.email).length, 1);
  });

  test('a password under 12 characters is 400 on the password field', async () => {
    const error = await rejectsWith(
      service.createInspector(
        { email: newEmail(), password: 'elevenchars', role: 'inspector' },
        { kind: 'cli' },
      ),
      400,
      'validation_failed',
    );
    assert.equal(error.field, 'password');
  });

  test('the password is stored only as a scrypt string', async () => {
    const created = await account();
    const row = await database.db
      .selectFrom('inspectors')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    assert.ok(!JSON.stringify(row).includes(PASSWORD));
    assert.equal(await verifyPassword(PASSWORD, row.password_hash), true);
    assert.equal(await verifyPassword(`${PASSWORD}!`, row.password_hash), false);
    assert.equal(needsRehash(row.password_hash), false);
  });

  test('a login answers a session token that authenticates until it expires', async () => {
    const created = await account('admin');
    const session = await service.login({
      email: created.email.toUpperCase(),
      password: PASSWORD,
      address: newAddress(),
    });
    assert.match(session.token, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(session.inspector, { id: created.id, email: created.email, name: null, role: 'admin' });
    assert.equal(session.expiresAt.getTime(), clock.now().getTime() + 12 * HOUR);
    const stored = await database.db.selectFrom('admin_sessions').selectAll().execute();
    assert.ok(!JSON.stringify(stored).includes(session.token), 'the token is stored only hashed');

    clock.advance(12 * HOUR - 1000);
    assert.deepEqual(await service.authenticateSession(session.token), session.inspector);
    clock.advance(1000);
    assert.equal(await service.authenticateSession(session.token), null);
  });

  test('a session in use records when it was last seen', async () => {
    const created = await account();
    const session = await service.login({ email: created.email, password: PASSWORD, address: newAddress() });
    clock.advance(5 * 60_000);
    await service.authenticateSession(session.token);
    const row = await database.db
      .selectFrom('admin_sessions')
      .select('last_seen_at')
      .where('inspector_id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.last_seen_at.getTime(), clock.now().getTime());
  });

  test('a wrong password and an unknown email get the same 401', async () => {
    const created = await account();
    const wrong = await rejectsWith(
      service.login({ email: created.email, password: 'not the password', address: newAddress() }),
      401,
      'login_failed',
    );
    const unknown = await rejectsWith(
      service.login({ email: 'nobody@example.com', password: PASSWORD, address: newAddress() }),
      401,
      'login_failed',
    );
    assert.equal(wrong.message, 'Email or password is wrong.');
    assert.equal(unknown.message, wrong.message);
  });

  test('after 5 failures an email is refused with 429, even with the right password, for 15 minutes', async () => {
    const created = await account();
    for (let i = 0; i < 5; i++) {
      const attempt = service.login({
        email: created.email,
        password: 'wrong password',
        address: newAddress(),
      });
      await rejectsWith(attempt, 401, 'login_failed');
    }
    const right = () => service.login({ email: created.email, password: PASSWORD, address: newAddress() });
    await rejectsWith(right(), 429, 'too_many_login_attempts');
    clock.advance(15 * 60_000 - 1000);
    await rejectsWith(right(), 429, 'too_many_login_attempts');
    clock.advance(1000);
    assert.equal((await right()).inspector.id, created.id);
  });

  test('after 20 failures from one address, that address is refused for every email', async () => {
    const address = newAddress();
    for (let i = 0; i < 20; i++) {
      await rejectsWith(
        service.login({ email: newEmail(), password: PASSWORD, address }),
        401,
        'login_failed',
      );
    }
    const created = await account();
    await rejectsWith(
      service.login({ email: created.email, password: PASSWORD, address }),
      429,
      'too_many_login_attempts',
    );
    const elsewhere = await service.login({
      email: created.email,
      password: PASSWORD,
      address: newAddress(),
    });
    assert.equal(elsewhere.inspector.id, created.id);
  });

  test('a burst of concurrent guesses gets no more than 5 password checks', async () => {
    const created = await account();
    const attempts = Array.from({ length: 12 }, () =>
      service.login({ email: created.email, password: 'wrong password', address: newAddress() }),
    );
    const codes = (await Promise.allSettled(attempts)).map((result) =>
      result.status === 'rejected' ? (result.reason as AppError).code : 'ok',
    );
    assert.ok(codes.filter((code) => code === 'login_failed').length <= 5, codes.join());
    assert.equal(codes.filter((code) => code === 'ok').length, 0);
    const recorded = await database.db
      .selectFrom('login_failures')
      .select('id')
      .where('email', '=', created.email)
      .execute();
    assert.ok(recorded.length <= 5, `${recorded.length} failures recorded`);
  });

  test('logout ends the session', async () => {
    const created = await account();
    const session = await service.login({ email: created.email, password: PASSWORD, address: newAddress() });
    await service.logout(session.token, created.id);
    assert.equal(await service.authenticateSession(session.token), null);
    await service.logout(session.token, created.id);
  });

  test("deactivation ends the inspector's sessions and refuses their logins", async () => {
    const created = await account();
    const session = await service.login({ email: created.email, password: PASSWORD, address: newAddress() });
    const { inspector, revokedSessions } = await service.deactivateInspector(created.id, { kind: 'cli' });
    assert.deepEqual([inspector.active, revokedSessions], [false, 1]);
    assert.equal(await service.authenticateSession(session.token), null);
    const again = service.login({ email: created.email, password: PASSWORD, address: newAddress() });
    await rejectsWith(again, 401, 'login_failed');
    await rejectsWith(
      service.deactivateInspector('00000000-0000-4000-8000-000000000000', { kind: 'cli' }),
      404,
      'not_found',
    );
  });

  test('tokens that were never issued do not authenticate', async () => {
    for (const token of ['', 'x', randomBytes(32).toString('base64url'), `cpi_live_${'A'.repeat(43)}`]) {
      assert.equal(await service.authenticateSession(token), null, token);
    }
  });
});
