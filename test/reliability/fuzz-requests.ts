import fc from 'fast-check';
import type { JSONSchema7 } from 'json-schema';
import { sample } from 'openapi-sampler';
import type { OpenAPIV3_1 } from 'openapi-types';

/**
 * Requests generated from /openapi.json: each operation's own sample (openapi-sampler), then
 * broken by fast-check the ways clients and attackers break them: a field dropped, added or of the
 * wrong type, strings and numbers at their extremes, Unicode edge cases, traversal in ids, a body
 * that is not the declared type at all.
 */
export interface Operation {
  name: string;
  method: string;
  template: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: JSONSchema7 }>;
  /** The JSON body's schema; null when the operation takes another type or none. */
  bodySchema: JSONSchema7 | null;
  /** The declared non-JSON body types (images, a CSV); empty when there are none. */
  rawTypes: string[];
}

export interface FuzzRequest {
  operation: Operation;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The strings that break parsers, databases, logs and templates. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202egnp.exe',
  '\ufeff',
  'e\u0301'.repeat(2_000),
  '👩‍👩‍👧‍👦'.repeat(500),
  '𝕳𝖊𝖑𝖑𝖔',
  'ﷺ'.repeat(1_000),
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  "' OR 1=1 --",
  '"; DROP TABLE contracts; --',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection probe, on purpose.
  '${7*7}{{7*7}}',
  '\r\nSet-Cookie: x=1',
  'x'.repeat(70_000),
  '9'.repeat(400),
  '1e400',
  '-0',
  'NaN',
  'null',
  '0x10',
];

export const NASTY_NUMBERS = [0, -1, -0, 1.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 2 ** 31, 1e-320];

/** Ids as an attacker writes them into a path segment, already percent-encoded (or broken). */
export const NASTY_IDS = [
  '..',
  '.',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5C..%5Cwindows',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '1%20OR%201%3D1',
  '%27%3B--',
  '%00',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '%F0%9F%98%80',
  'a'.repeat(5_000),
  '-1',
  '1e9',
  'undefined',
];

export function operationsOf(document: OpenAPIV3_1.Document, skip: (name: string) => boolean): Operation[] {
  return Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
    (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) => {
      const op = item?.[method];
      const name = `${method.toUpperCase()} ${template}`;
      if (!op || skip(name)) return [];
      const parameters = (op.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
      const content = (op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content ?? {};
      const types = Object.keys(content);
      return [
        {
          name,
          method: method.toUpperCase(),
          template,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: parameters
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, schema: (p.schema ?? {}) as JSONSchema7 })),
          bodySchema: (content['application/json']?.schema as JSONSchema7 | undefined) ?? null,
          rawTypes: types.filter((type) => type !== 'application/json'),
        },
      ];
    }),
  );
}

const leafValue = fc.oneof(
  fc.constantFrom<Json>(null, true, false, [], {}, [null], { '': null }),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

/** Every path to a value inside `value`, the root included. */
function pathsIn(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  const inner =
    value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, child]) =>
          pathsIn(child as Json, [...at, Array.isArray(value) ? Number(key) : key]),
        )
      : [];
  return [at, ...inner];
}

/** `value` with the value at `at` changed; a change answering undefined removes it. */
function withChange(
  value: Json,
  at: Array<string | number>,
  change: (old: Json) => Json | undefined,
): Json | undefined {
  if (at.length === 0) return change(value);
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = at as [string | number, ...Array<string | number>];
  const copy: Record<string | number, Json> | Json[] = Array.isArray(value) ? [...value] : { ...value };
  const next = withChange((copy as Record<string | number, Json>)[head] ?? null, rest, change);
  if (next !== undefined) (copy as Record<string | number, Json>)[head] = next;
  else if (Array.isArray(copy)) copy.splice(head as number, 1);
  else delete copy[head];
  return copy;
}

/** One edit of a JSON document: drop a field, replace a value, or add an unknown field. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: leafValue }),
  fc.record({
    kind: fc.constant('add' as const),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'id', 'status'), fc.string()),
    value: leafValue,
  }),
);

function applyMutation(
  document: Json,
  edit: typeof mutation extends fc.Arbitrary<infer M> ? M : never,
): Json {
  const paths = pathsIn(document);
  const at = paths[edit.pick % paths.length] ?? [];
  if (edit.kind === 'drop') return withChange(document, at, () => undefined) ?? null;
  if (edit.kind === 'replace') return withChange(document, at, () => edit.value) ?? null;
  const added = withChange(document, at, (old) =>
    old !== null && typeof old === 'object' && !Array.isArray(old) ? { ...old, [edit.key]: edit.value } : old,
  );
  return added ?? null;
}

/** JSON written by hand, so that `__proto__` and other keys survive as the text an attacker sends. */
const body = (bodySchema: JSONSchema7) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((edits) => {
        const valid = sample(bodySchema, { skipReadOnly: true, quiet: true }) as Json;
        return JSON.stringify(edits.reduce(applyMutation, valid));
      }),
    },
    { weight: 1, arbitrary: leafValue.map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{',
        '{"a":',
        '[1,2',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"admin":true}}}',
        `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
        '\u0000',
        '{"a":1,"a":2}',
      ),
    },
  );

const pathValue = (real: string | undefined) =>
  real === undefined
    ? fc.constantFrom(...NASTY_IDS)
    : fc.oneof(
        { weight: 3, arbitrary: fc.constant(real) },
        { weight: 2, arbitrary: fc.constantFrom(...NASTY_IDS) },
      );

const queryValue = (schema: JSONSchema7) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant(String(sample(schema, { quiet: true }) ?? '')) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS, ...NASTY_NUMBERS.map(String)) },
  );

/** A request for `operation`, with the real ids of `realIds` (by parameter name) some of the time. */
export function fuzzRequest(
  operation: Operation,
  realIds: Record<string, string>,
  headers: Record<string, string>,
): fc.Arbitrary<FuzzRequest> {
  const path = fc
    .tuple(...operation.pathParams.map((name) => pathValue(realIds[name])))
    .map((values) =>
      operation.pathParams.reduce(
        (template, name, index) => template.replace(`{${name}}`, values[index] ?? ''),
        operation.template,
      ),
    );
  const query = fc.tuple(...operation.queryParams.map(({ schema }) => queryValue(schema))).map((values) => {
    const search = new URLSearchParams();
    operation.queryParams.forEach(({ name }, index) => {
      const value = values[index];
      if (value !== null && value !== undefined) search.append(name, value);
    });
    return search.size ? `?${search}` : '';
  });
  const payload: fc.Arbitrary<Pick<FuzzRequest, 'body' | 'headers'>> = operation.bodySchema
    ? body(operation.bodySchema).map((text) => ({
        body: text,
        headers: { ...headers, 'content-type': 'application/json' },
      }))
    : operation.rawTypes.length
      ? fc
          .tuple(fc.constantFrom(...operation.rawTypes), fc.uint8Array({ maxLength: 2_048 }))
          .map(([type, bytes]) => ({
            body: Buffer.from(bytes),
            headers: { ...headers, 'content-type': type },
          }))
      : fc.constant({ headers });
  return fc
    .tuple(path, query, payload)
    .map(([pathPart, queryPart, rest]) => ({ operation, path: pathPart + queryPart, ...rest }));
}
