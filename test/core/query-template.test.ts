import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Insertable, sql } from 'kysely';
import { type Database, openDatabase } from '../../src/core/db/database.js';
import { queryTemplate } from '../../src/core/db/query-template.js';
import type { AffiliatesTable } from '../../src/core/db/schema.js';
import { databaseUrl } from '../helpers/platform.js';

describe('queryTemplate', () => {
  let database: Database;

  before(async () => {
    database = await openDatabase({ databaseUrl, pgliteDir: 'memory://', poolSize: 2 });
  });
  after(() => database?.close());

  const insertAffiliate = queryTemplate((db, values: Insertable<AffiliatesTable>) =>
    db.insertInto('affiliates').values(values).returning('id'),
  );
  const byName = queryTemplate((db, { name, limit }: { name: string; limit: number }) =>
    db
      .selectFrom('affiliates')
      .select('id')
      .where('name', '=', name)
      .where('id', 'is not', null)
      .limit(limit),
  );

  it('compiles what Kysely compiles from the same builder with the values', () => {
    const { db } = database;
    for (const values of [
      { name: 'a', limit: 1 },
      { name: 'b', limit: 20 },
    ]) {
      const direct = db
        .selectFrom('affiliates')
        .select('id')
        .where('name', '=', values.name)
        .where('id', 'is not', null)
        .limit(values.limit)
        .compile();
      const templated = byName.compile(db, values);
      assert.equal(templated.sql, direct.sql);
      assert.deepEqual(templated.parameters, direct.parameters);
    }
  });

  it('leaves undefined values out, as Kysely does', () => {
    const { db } = database;
    const created_at = new Date('2026-11-27T00:00:00Z');
    for (const values of [{ name: 'x' }, { name: 'x', created_at }, { name: 'x', created_at: undefined }]) {
      const direct = db.insertInto('affiliates').values(values).returning('id').compile();
      const templated = insertAffiliate.compile(db, values);
      assert.equal(templated.sql, direct.sql);
      assert.deepEqual(templated.parameters, direct.parameters);
    }
  });

  it('refuses a builder in which a value does not become a parameter', () => {
    const inlined = queryTemplate((db, { name }: { name: string }) =>
      db.selectFrom('affiliates').select('id').where('name', '=', sql.lit(name)),
    );
    // Kysely itself refuses a placeholder as SQL text.
    assert.throws(() => inlined.compile(database.db, { name: 'a' }), /invalid immediate value/);
    const ignored = queryTemplate((db, _values: { name: string; limit: number }) =>
      db.selectFrom('affiliates').select('id').limit(1),
    );
    assert.throws(
      () => ignored.compile(database.db, { name: 'a', limit: 1 }),
      /name, limit did not become parameters/,
    );
  });

  it('refuses values Kysely would write as SQL: expressions and lists', () => {
    const { db } = database;
    for (const name of [sql<string>`upper('a')`, ['a', 'b']]) {
      assert.throws(() => byName.compile(db, { name: name as never, limit: 1 }), /name is not a plain value/);
    }
  });

  it('runs on the database with each call’s values', async () => {
    const echo = queryTemplate((db, { word }: { word: string }) =>
      db.selectNoFrom((eb) => [eb.val(word).as('word'), sql<number>`length(${eb.val(word)})`.as('letters')]),
    );
    for (const word of ['first', 'second call']) {
      assert.deepEqual(await echo.execute(database.db, { word }), [{ word, letters: word.length }]);
    }
  });
});
