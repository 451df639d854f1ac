import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  actorOf,
  inspectorOf,
  presentedToken,
  refuseCrossSite,
  requireRole,
  SESSION_COOKIE,
} from '../../core/http/admin-auth.js';
import { Envelope, envelope, errorResponses } from '../../core/http/envelope.js';
import { IsoTime } from '../../core/http/openapi.js';
import type { App } from '../../core/http/server.js';
import type { InspectorsService } from './inspectors.service.js';

/** Admin-API sign-in, the session itself, and inspector accounts. Times are ISO 8601 (UTC). */

const tags = ['admin'];
const Role = Type.Union([Type.Literal('inspector'), Type.Literal('admin')]);
const inspectorFields = {
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: Role,
};
const Inspector = Type.Object(inspectorFields);
const InspectorRecord = Type.Object({
  ...inspectorFields,
  active: Type.Boolean(),
  created_at: IsoTime,
});

const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});
const LoginAnswer = Type.Object({
  token: Type.String({ description: 'The session token, also set as the cpi_session cookie.' }),
  inspector: Inspector,
  expires_at: IsoTime,
});
const CreateInspectorBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 12, maxLength: 1024 }),
  name: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  role: Role,
});
const InspectorParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export interface SessionCookieOptions {
  /** Mark the cookie Secure even when this hop is plain HTTP (TLS ends at a proxy). */
  alwaysSecure: boolean;
}

/** What the console is told with the signed-in inspector. */
export interface ConsoleSettings {
  /** Queue entries older than this many hours are shown as late. */
  inspectionSlaHours: number;
}

interface InspectorRow {
  id: string;
  email: string;
  name: string | null;
  role: 'inspector' | 'admin';
  active: boolean;
  created_at: Date;
}

const recordView = (row: InspectorRow) => ({ ...row, created_at: row.created_at.toISOString() });

function cookieAttributes(request: FastifyRequest, options: SessionCookieOptions) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: options.alwaysSecure || request.protocol === 'https',
  };
}

/** Public: sign-in needs no session. */
export function loginRoutes(service: InspectorsService, options: SessionCookieOptions) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/login',
      {
        // No session is needed here, but a cross-site sign-in could still sign a browser in as someone else.
        onRequest: refuseCrossSite,
        schema: {
          tags,
          summary: 'Sign in: answers a session token and sets the cpi_session cookie',
          body: LoginBody,
          response: { 200: Envelope(LoginAnswer), ...errorResponses(400, 401, 403, 415, 429) },
        },
      },
      async (request, reply) => {
        const carried = request.cookies[SESSION_COOKIE];
        const session = await service.login({ ...request.body, address: request.ip });
        // A session the browser still carried ends here: after a sign-in only the new token is live.
        if (carried) await service.endSession(carried);
        // The answer carries a credential: no cache, shared or private, may keep it.
        reply.header('Cache-Control', 'no-store');
        reply.setCookie(SESSION_COOKIE, session.token, {
          ...cookieAttributes(request, options),
          maxAge: service.sessionSeconds,
        });
        return envelope(200, {
          token: session.token,
          inspector: session.inspector,
          expires_at: session.expiresAt.toISOString(),
        });
      },
    );
  };
}

/** Behind the admin session hook: the signed-in inspector's own session. */
export function sessionRoutes(
  service: InspectorsService,
  options: SessionCookieOptions,
  settings: ConsoleSettings,
) {
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/logout',
      {
        schema: {
          tags,
          summary: 'Sign out: ends the session and clears the cookie',
          response: { 200: Envelope(Type.Object({ logged_out: Type.Boolean() })), ...errorResponses(401) },
        },
      },
      async (request, reply) => {
        const inspector = inspectorOf(request);
        const token = presentedToken(request);
        if (token) await service.logout(token, inspector.id);
        reply.clearCookie(SESSION_COOKIE, cookieAttributes(request, options));
        return envelope(200, { logged_out: true });
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags,
          summary: 'The signed-in inspector, and the queue SLA in hours',
          response: {
            200: Envelope(Type.Object({ inspector: Inspector, inspection_sla_hours: Type.Integer() })),
            ...errorResponses(401),
          },
        },
      },
      async (request) =>
        envelope(200, {
          inspector: inspectorOf(request),
          inspection_sla_hours: settings.inspectionSlaHours,
        }),
    );
  };
}

/** Behind the admin session hook; each route also demands the admin role itself. */
export function inspectorAdminRoutes(service: InspectorsService) {
  const adminOnly = requireRole('admin');
  return (scope: App) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/inspectors',
      {
        preValidation: adminOnly,
        schema: {
          tags,
          summary: 'Inspector accounts (admin only)',
          response: {
            200: Envelope(Type.Object({ inspectors: Type.Array(InspectorRecord) })),
            ...errorResponses(401, 403),
          },
        },
      },
      async () => envelope(200, { inspectors: (await service.listInspectors()).map(recordView) }),
    );

    app.post(
      '/inspectors',
      {
        preValidation: adminOnly,
        schema: {
          tags,
          summary: 'Create an inspector or admin account (admin only)',
          body: CreateInspectorBody,
          response: {
            201: Envelope(Type.Object({ inspector: InspectorRecord })),
            ...errorResponses(400, 401, 403, 409, 415),
          },
        },
      },
      async (request, reply) => {
        const { email, password, name, role } = request.body;
        const created = await service.createInspector(
          { email, password, name: name ?? null, role },
          actorOf(request),
        );
        return reply.code(201).send(envelope(201, { inspector: recordView(created) }));
      },
    );

    app.post(
      '/inspectors/:id/deactivate',
      {
        preValidation: adminOnly,
        schema: {
          tags,
          summary: 'Deactivate an account and end its sessions (admin only)',
          params: InspectorParams,
          response: {
            200: Envelope(Type.Object({ inspector: InspectorRecord, revoked_sessions: Type.Integer() })),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const { inspector, revokedSessions } = await service.deactivateInspector(
          request.params.id,
          actorOf(request),
        );
        return envelope(200, { inspector: recordView(inspector), revoked_sessions: revokedSessions });
      },
    );
  };
}
