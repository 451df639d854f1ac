import type { FastifyRequest } from 'fastify';
import type { Mode } from '../db/schema.js';
import { AppError } from '../errors.js';

export const API_KEY_HEADER = 'x-itechs-api-key';

/** The partner a request acts for, established from its API key. */
export interface Caller {
  affiliateId: string;
  mode: Mode;
  keyId: string;
}

export type KeyAuthenticator = (presentedKey: string) => Promise<Caller | null>;

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

const QUERY_KEY_NAMES = ['api_key', 'apikey', 'key', 'x-itechs-api-key', 'X-ITECHS-API-KEY'];

/** Keys travel only in the header: a key in a URL ends up in logs and browser history. */
function refuseKeyInQuery(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown> | undefined;
  if (query && QUERY_KEY_NAMES.some((name) => name in query)) {
    throw new AppError(
      'api_key_in_query',
      'API keys are not accepted in the URL; send the key in the X-ITECHS-API-KEY header.',
    );
  }
}

export function apiKeyAuth(authenticate: KeyAuthenticator) {
  return async (request: FastifyRequest): Promise<void> => {
    refuseKeyInQuery(request);
    const presented = request.headers[API_KEY_HEADER];
    if (typeof presented !== 'string' || presented.trim() === '') {
      throw new AppError('api_key_missing', 'Send your API key in the X-ITECHS-API-KEY header.');
    }
    const caller = await authenticate(presented.trim());
    if (!caller) throw new AppError('api_key_invalid', 'The API key is not valid or has been revoked.');
    request.caller = caller;
  };
}

/** The authenticated partner of a partner-scope request (the auth hook has already refused the rest). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller)
    throw new AppError('api_key_missing', 'Send your API key in the X-ITECHS-API-KEY header.');
  return request.caller;
}
