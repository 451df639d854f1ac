import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../errors.js';

/** Deep enough for any request of the API, shallow enough that no parser or validator recursion is at risk. */
export const MAX_JSON_DEPTH = 32;

/** Finds the nesting depth of a JSON text without parsing it, skipping brackets inside strings. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}

export function parseJsonBody(body: Buffer): unknown {
  if (!isUtf8(body)) throw new AppError('invalid_encoding', 'The request body must be UTF-8 encoded JSON.');
  const text = body.toString('utf8');
  if (text.trim() === '')
    throw new AppError('invalid_json', 'The request body is empty; send a JSON object.');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new AppError('json_too_deep', `JSON nesting is limited to ${MAX_JSON_DEPTH} levels.`);
  }
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (error instanceof SyntaxError && /prototype/i.test(error.message)) throw forbiddenKey();
    throw new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  if (text.includes('"constructor"') && hasConstructorKey(value)) throw forbiddenKey();
  if (/\\u0000/i.test(text) && hasNul(value)) throw nulText('The request body');
  return value;
}

/** PostgreSQL text cannot hold U+0000; refusing it here keeps it from failing deep in a query. */
const nulText = (where: string) =>
  new AppError('invalid_encoding', `${where} may not contain the NUL character (\\u0000).`);

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, child]) => key.includes('\0') || hasNul(child));
}

/** The same for the path and query: `%00` anywhere in the URL is refused before routing. */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (/%00/.test(request.url)) throw nulText('The URL');
  });
}

const forbiddenKey = () =>
  new AppError('forbidden_key', 'JSON keys named "__proto__" or "constructor" are not accepted.');

function hasConstructorKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (!Array.isArray(value) && Object.hasOwn(value, 'constructor')) return true;
  return Object.values(value).some(hasConstructorKey);
}

/** JSON bodies are read as bytes so that encoding, depth and prototype keys are checked before parsing. */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json$/,
    { parseAs: 'buffer' },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
