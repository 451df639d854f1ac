import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { InspectorRole } from '../db/schema.js';
import { AppError } from '../errors.js';
import { API_KEY_HEADER } from './api-key-auth.js';

export const SESSION_COOKIE = 'cpi_session';

/** The inspector an admin-API request acts for, established from the session token. */
export interface AdminPrincipal {
  id: string;
  email: string;
  name: string | null;
  role: InspectorRole;
}

export type SessionAuthenticator = (token: string) => Promise<AdminPrincipal | null>;

declare module 'fastify' {
  interface FastifyRequest {
    inspector: AdminPrincipal | null;
  }
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** `Authorization: Bearer` first (scripts), then the cookie (the console); nothing else is looked at. */
export function presentedToken(request: FastifyRequest): string | null {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (match?.[1]) return match[1];
  // `cookies` is absent when @fastify/cookie is not registered above this scope: bearer only then.
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? cookie : null;
}

function sessionInvalid(request: FastifyRequest): AppError {
  // A partner key is never a way in here; say so, as the caller probably mixed up the two APIs.
  if (request.headers[API_KEY_HEADER] !== undefined) {
    return new AppError(
      'session_invalid',
      'Partner API keys do not open the admin API; sign in at POST /admin/api/login.',
    );
  }
  return new AppError('session_invalid', 'Sign in first: the session is missing, expired or ended.');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The body types a cross-site HTML form (or a fetch needing no preflight) can send; the admin API takes JSON or CSV. */
const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\s*(;|$)/i;

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * Why a browser would have sent this request cross-site, or null. Only browsers send these headers
 * and pages cannot forge them, so a script (curl, the CLI) passes; the host is compared rather than
 * the scheme, which a TLS-terminating proxy may hide.
 */
function crossSiteMark(request: FastifyRequest): string | null {
  const form = FORM_TYPES.exec(request.headers['content-type'] ?? '');
  if (form) return `its Content-Type is ${form[1]}`;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const { origin, referer } = request.headers;
  // Under `Referrer-Policy: no-referrer` (the console's own) a browser may send `Origin: null`: the fetch metadata vouches then.
  if (origin === 'null') return site === 'same-origin' ? null : 'its Origin is null';
  if (origin !== undefined) return hostOf(origin) === request.host ? null : 'its Origin is another site';
  if (referer !== undefined && hostOf(referer) !== request.host) return 'its Referer is another site';
  return null;
}

/** onRequest hook: a state-changing request made cross-site is refused (403 `cross_site_request`), before any credential is looked at. */
export async function refuseCrossSite(request: FastifyRequest): Promise<void> {
  if (SAFE_METHODS.has(request.method)) return;
  const mark = crossSiteMark(request);
  if (mark) {
    throw new AppError(
      'cross_site_request',
      `Refused: ${mark}. The admin API changes things only for the console on its own origin, sending JSON.`,
    );
  }
}

/** onRequest hook of the admin scope: cross-site changes refused, then a live session or 401 `session_invalid`. */
export function adminAuth(authenticate: SessionAuthenticator) {
  return async (request: FastifyRequest): Promise<void> => {
    await refuseCrossSite(request);
    const token = presentedToken(request);
    const inspector = token ? await authenticate(token) : null;
    if (!inspector) throw sessionInvalid(request);
    request.inspector = inspector;
  };
}

const RANK: Record<InspectorRole, number> = { inspector: 0, admin: 1 };

/** preValidation hook refusing inspectors below `role` (403 `forbidden`) before their input is looked at; an admin holds every role. */
export function requireRole(role: InspectorRole) {
  return async (request: FastifyRequest): Promise<void> => {
    const inspector = inspectorOf(request);
    if (RANK[inspector.role] < RANK[role]) {
      throw new AppError('forbidden', `Only an ${role} may do this.`);
    }
  };
}

/** The signed-in inspector of an admin-scope request (the auth hook has already refused the rest). */
export function inspectorOf(request: FastifyRequest): AdminPrincipal {
  if (!request.inspector) throw sessionInvalid(request);
  return request.inspector;
}

/** The signed-in inspector as the actor of an audited admin action. */
export function actorOf(request: FastifyRequest): { kind: 'inspector'; id: string } {
  return { kind: 'inspector', id: inspectorOf(request).id };
}
