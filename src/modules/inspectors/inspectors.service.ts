import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { randomToken } from '../../core/crypto.js';
import type { Db } from '../../core/db/database.js';
import type { InspectorRole } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import type { AdminPrincipal } from '../../core/http/admin-auth.js';
import { isUuid } from '../../core/ids.js';
import { type AuditActor, auditRepository } from '../audit/audit.repository.js';
import { inspectorsRepository } from './inspectors.repository.js';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.js';

export const INSPECTOR_ROLES: readonly InspectorRole[] = ['inspector', 'admin'];
export const MIN_PASSWORD_LENGTH = 12;
/** Failed logins allowed per window, per email and per client address; beyond them, 429. */
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perEmail: 5, perAddress: 20 };

const MAX_PASSWORD_LENGTH = 1024;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
// last_seen_at is written at most once a minute: one write per request would buy nothing.
const TOUCH_INTERVAL_MS = 60_000;
// Expired sessions are kept a while after expiry, so that "who was signed in when" can be answered.
const SESSION_RETENTION_MS = 30 * 24 * 3_600_000;

export interface InspectorsServiceDeps {
  db: Db;
  clock: Clock;
  /** How long a session lasts from its login; 12 hours when not given. */
  sessionHours?: number;
}

export interface NewInspector {
  email: string;
  password: string;
  name?: string | null;
  role: InspectorRole;
}

export interface LoginResult {
  token: string;
  inspector: AdminPrincipal;
  expiresAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const normalizeEmail = (email: string) => email.trim().toLowerCase();
const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';
const principal = (row: AdminPrincipal): AdminPrincipal => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
});

function validateNewInspector(input: NewInspector): void {
  if (!/^[^\s@]+@[^\s@]+$/.test(input.email) || input.email.length > 254) {
    throw new AppError('validation_failed', 'email must be an email address.', 'email');
  }
  const length = [...input.password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new AppError(
      'validation_failed',
      `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`,
      'password',
    );
  }
  if (!INSPECTOR_ROLES.includes(input.role)) {
    throw new AppError('validation_failed', `role must be one of ${INSPECTOR_ROLES.join(', ')}.`, 'role');
  }
}

const loginFailed = () => new AppError('login_failed', 'Email or password is wrong.');

/** Inspector accounts and admin sessions: the admin API's authentication. */
export function inspectorsService({ db, clock, sessionHours = 12 }: InspectorsServiceDeps) {
  const repository = inspectorsRepository(db);
  const sessionMs = sessionHours * 3_600_000;
  // Unknown emails are checked against this, so that they cost the same scrypt time as a wrong password.
  let decoyHash: Promise<string> | null = null;
  const decoy = () => {
    decoyHash ??= hashPassword(randomToken(16));
    return decoyHash;
  };

  /**
   * The attempt is recorded as a failure before the limits are counted, so concurrent guesses see
   * each other: of any burst, at most the allowed number get as far as the password check.
   */
  async function claimAttempt(email: string, address: string, now: Date): Promise<number> {
    const attempt = await repository.insertFailure({ email, address, at: now });
    const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
    const counts = await repository.countFailures(email, address, since);
    if (counts.byEmail > LOGIN_LIMITS.perEmail || counts.byAddress > LOGIN_LIMITS.perAddress) {
      // A refused attempt is not a failure: the lockout ends 15 minutes after the real ones.
      await repository.deleteFailure(attempt);
      throw new AppError(
        'too_many_login_attempts',
        `Too many failed logins. Wait ${LOGIN_LIMITS.windowMs / 60_000} minutes and try again.`,
      );
    }
    return attempt;
  }

  /** Ends the session server-side, audited with it. */
  async function logout(token: string, inspectorId: string): Promise<void> {
    if (!TOKEN_PATTERN.test(token)) return;
    const at = clock.now();
    await db.transaction().execute(async (trx) => {
      await inspectorsRepository(trx).revokeSession(hashToken(token), at);
      const actor = { kind: 'inspector', id: inspectorId } as const;
      await auditRepository(trx).record({ actor, action: 'session.logout', target: inspectorId, at });
    });
  }

  return {
    /** The session lifetime, for the cookie's Max-Age. */
    sessionSeconds: sessionMs / 1000,

    /** A new account, audited in the same transaction. */
    async createInspector(input: NewInspector, actor: AuditActor) {
      const email = normalizeEmail(input.email);
      validateNewInspector({ ...input, email });
      const name = input.name?.trim() || null;
      const password_hash = await hashPassword(input.password);
      const at = clock.now();
      try {
        return await db.transaction().execute(async (trx) => {
          const row = { email, name, password_hash, role: input.role, created_at: at };
          const created = await inspectorsRepository(trx).insertInspector(row);
          const details = { email: created.email, role: created.role };
          await auditRepository(trx).record({
            actor,
            action: 'inspector.create',
            target: created.id,
            details,
            at,
          });
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('conflict', `An inspector with ${email} exists.`);
        throw error;
      }
    },

    listInspectors: () => repository.listInspectors(),

    /** Deactivates an account and ends its sessions, audited in the same transaction. */
    async deactivateInspector(id: string, actor: AuditActor) {
      // An admin locking themselves out could leave no admin at all; another admin must do it.
      if (actor.kind === 'inspector' && actor.id === id)
        throw new AppError('conflict', 'You cannot deactivate your own account.');
      if (!isUuid(id)) throw new AppError('not_found', `No inspector ${id}.`);
      const at = clock.now();
      const done = await db.transaction().execute(async (trx) => {
        const deactivated = await inspectorsRepository(trx).deactivate(id, at);
        if (!deactivated) return undefined;
        const details = { revoked_sessions: deactivated.revokedSessions };
        await auditRepository(trx).record({ actor, action: 'inspector.deactivate', target: id, details, at });
        return deactivated;
      });
      if (!done) throw new AppError('not_found', `No inspector ${id}.`);
      return done;
    },

    /** A new session for a right password, audited with it; failures count towards the login limits. */
    async login(input: { email: string; password: string; address: string }): Promise<LoginResult> {
      const email = normalizeEmail(input.email);
      const now = clock.now();
      const attempt = await claimAttempt(email, input.address, now);
      const row = await repository.findByEmail(email);
      const matches = await verifyPassword(input.password, row?.password_hash ?? (await decoy()));
      if (!row || !matches || !row.active) throw loginFailed();
      await repository.deleteFailure(attempt);
      if (needsRehash(row.password_hash)) {
        await repository.setPasswordHash(row.id, await hashPassword(input.password));
      }
      const token = randomToken(32);
      const expiresAt = new Date(now.getTime() + sessionMs);
      await db.transaction().execute(async (trx) => {
        await inspectorsRepository(trx).insertSession({
          token_hash: hashToken(token),
          inspector_id: row.id,
          created_at: now,
          expires_at: expiresAt,
        });
        await auditRepository(trx).record({
          actor: { kind: 'inspector', id: row.id },
          action: 'session.login',
          target: row.id,
          details: { address: input.address },
          at: now,
        });
      });
      return { token, inspector: principal(row), expiresAt };
    },

    /** The session's inspector, or null when it is unknown, expired, ended or its inspector deactivated. */
    async authenticateSession(token: string): Promise<AdminPrincipal | null> {
      if (!TOKEN_PATTERN.test(token)) return null;
      const tokenHash = hashToken(token);
      const now = clock.now();
      const session = await repository.findLiveSession(tokenHash, now);
      if (!session) return null;
      if (now.getTime() - session.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
        await repository.touchSession(tokenHash, now);
      }
      return principal(session);
    },

    logout,

    /** Ends a live session known by its token alone (one a browser still carried at a new sign-in). */
    async endSession(token: string): Promise<void> {
      if (!TOKEN_PATTERN.test(token)) return;
      const session = await repository.findLiveSession(hashToken(token), clock.now());
      if (session) await logout(token, session.id);
    },

    /** Forgets failed logins older than the window and sessions expired 30 days ago; for the scheduler. */
    prune() {
      const now = clock.now().getTime();
      return repository.prune(new Date(now - LOGIN_LIMITS.windowMs), new Date(now - SESSION_RETENTION_MS));
    },
  };
}

export type InspectorsService = ReturnType<typeof inspectorsService>;
