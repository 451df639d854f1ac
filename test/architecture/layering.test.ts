import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { ACTIVE_STATUSES } from '../../src/modules/contracts/contract-status.js';
import { openTestDatabase } from '../helpers/test-database.js';

/**
 * The layering docs/architecture.md promises, checked on the source itself: SQL only in
 * repositories, no import cycles between modules, contract statuses spelled only in the status table.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : filesUnder(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });
}

const sources = filesUnder(SRC, /\.ts$/).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

/** `file:line: text` for every line of `files` matching one of `patterns`. */
function offending(files: typeof sources, patterns: RegExp[]): string[] {
  return files.flatMap(({ path, text }) =>
    text
      .split('\n')
      .flatMap((line, index) =>
        patterns.some((pattern) => pattern.test(line)) ? [`${path}:${index + 1}: ${line.trim()}`] : [],
      ),
  );
}

describe('architecture', () => {
  test('SQL is written only in repositories (and the database plumbing of core/db)', () => {
    const builders = [
      /\.(selectFrom|insertInto|updateTable|deleteFrom)\(/,
      /\bsql(<[^>]*>)?`/,
      /\bsql\.(lit|raw|ref|table)\(/,
    ];
    const outside = sources.filter(
      ({ path }) => !/\.(repository|statements)\.ts$/.test(path) && !path.startsWith('src/core/db/'),
    );
    assert.deepEqual(offending(outside, builders), []);
  });

  test('route files hold no SQL and call no repository', () => {
    const routes = sources.filter(({ path }) => /routes\.ts$/.test(path));
    assert.ok(routes.length >= 8);
    assert.deepEqual(
      offending(routes, [/\.(selectFrom|insertInto|updateTable|deleteFrom)\(/, /Repository\(/]),
      [],
    );
  });

  test('no two modules import each other, directly or through others', () => {
    const graph = new Map<string, Set<string>>();
    for (const { path, text } of sources) {
      const module = /^src\/modules\/([^/]+)\//.exec(path)?.[1];
      if (!module) continue;
      for (const [, target] of text.matchAll(/from '(\.[^']+)'/g)) {
        const resolved = normalize(join(dirname(path), target as string));
        const other = /^src\/modules\/([^/]+)\//.exec(resolved)?.[1];
        if (!other || other === module) continue;
        graph.set(module, (graph.get(module) ?? new Set()).add(other));
      }
    }
    const cycles: string[] = [];
    const visit = (module: string, trail: string[]) => {
      if (trail.includes(module)) {
        cycles.push([...trail.slice(trail.indexOf(module)), module].join(' → '));
        return;
      }
      for (const next of graph.get(module) ?? []) visit(next, [...trail, module]);
    };
    for (const module of graph.keys()) visit(module, []);
    assert.ok(graph.size >= 8, 'the module graph was read');
    assert.deepEqual(cycles, []);
  });

  test('contract statuses are spelled only in contract-status.ts and transitions.ts', () => {
    // A contract status is 0–12; HTTP statuses have three digits. core/ holds no domain rules, so
    // its exit and HTTP statuses are not contract statuses.
    const code = '([0-9]|1[0-2])(?!\\d)';
    const patterns = [
      new RegExp(
        `\\b(status|statuses|to_status|from_status)\\b['"]?\\s*(===|!==|==|!=|<=|>=|<|>)\\s*${code}`,
      ),
      new RegExp(`'(\\w+\\.)?(status|to_status|from_status)'\\s*,\\s*'[^']+'\\s*,\\s*\\[?\\s*${code}`),
      new RegExp(`\\b(status|to_status|from_status)\\s*:\\s*${code}`),
      new RegExp(`\\b(status|to_status|from_status)\\s+(=|IN|<>)\\s*\\(?\\s*${code}`, 'i'),
      new RegExp(`\\b[A-Z_]*STATUS(ES)?\\b[^=\\n]*=\\s*\\[\\s*${code}`),
      /\bas ([0-9]|1[0-2])\)/,
    ];
    const console = filesUnder(join(ROOT, 'console', 'src'), /\.tsx?$/).map((path) => ({
      path: relative(ROOT, path),
      text: readFileSync(path, 'utf8'),
    }));
    const checked = [...sources, ...console].filter(
      ({ path }) => !/contract-status\.ts$|transitions\.ts$/.test(path) && !path.startsWith('src/core/'),
    );
    assert.deepEqual(offending(checked, patterns), []);
  });

  test('the active-IMEI index covers exactly ACTIVE_STATUSES', async () => {
    const database = await openTestDatabase();
    try {
      const { rows } = await sql<{ indexdef: string }>`
        SELECT indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND indexname = 'contracts_active_imei'`.execute(database.db);
      const statusList = /status = ANY \(ARRAY\[([^\]]*)\]/.exec(rows[0]?.indexdef ?? '')?.[1] ?? '';
      const statuses = [...statusList.matchAll(/\d+/g)]
        .map(([digits]) => Number(digits))
        .sort((a, b) => a - b);
      assert.deepEqual(
        statuses,
        [...ACTIVE_STATUSES].sort((a, b) => a - b),
      );
    } finally {
      await database.drop();
    }
  });
});
