import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { OpenAPI3 } from 'openapi-typescript';
import { API_TYPES, documentPart, renderTypes } from '../../scripts/generate-api-types.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe("the console's and the SDK's API types are generated from the running /openapi.json", () => {
  let server: TestServer;
  let document: OpenAPI3;
  before(async () => {
    server = await startTestServer();
    document = (await server.call('GET', '/openapi.json')).json;
  });
  after(() => server.close());

  for (const target of API_TYPES) {
    test(`every ${target.prefix} route documents the answer it sends`, () => {
      const undocumented = Object.entries(documentPart(document, target).paths ?? {}).flatMap(
        ([path, item]) =>
          Object.entries(item as Record<string, { responses?: Record<string, unknown> }>)
            .filter(([, operation]) => !['200', '201', '204'].some((status) => operation.responses?.[status]))
            .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      assert.deepEqual(undocumented, []);
    });

    test(`${target.file} is up to date (npm run generate:api-types)`, async () => {
      const committed = readFileSync(join(ROOT, target.file), 'utf8');
      assert.ok(
        (await renderTypes(target, document)) === committed,
        `${target.file} is stale: run npm run generate:api-types and commit the result`,
      );
    });
  }
});
