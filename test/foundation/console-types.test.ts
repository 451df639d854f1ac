import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { OpenAPI3 } from 'openapi-typescript';
import {
  adminDocument,
  CONSOLE_TYPES_FILE,
  renderConsoleTypes,
} from '../../scripts/generate-console-types.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe("the console's API types are generated from the admin routes' schemas", () => {
  let document: OpenAPI3;
  before(async () => {
    document = await adminDocument();
  });

  test('every admin route documents the answer it sends', () => {
    const undocumented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { responses?: Record<string, unknown> }>)
        .filter(([, operation]) => !['200', '201', '204'].some((status) => operation.responses?.[status]))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(undocumented, []);
  });

  test(`${CONSOLE_TYPES_FILE} is up to date (npm run generate:console-types)`, async () => {
    const committed = readFileSync(join(ROOT, CONSOLE_TYPES_FILE), 'utf8');
    assert.ok(
      (await renderConsoleTypes(document)) === committed,
      `${CONSOLE_TYPES_FILE} is stale: run npm run generate:console-types and commit the result`,
    );
  });
});
