import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { integerArray, textArray } from '../../src/db/arrays.js';
import { testDatabaseOfSuite } from '../harness.js';

// The billing run sends its batches' columns as array literals it makes itself (db/arrays.ts): the
// server must read exactly the values a JS array would have given it, on both databases.
describe('array parameters made as literals (db/arrays.ts)', () => {
  const suite = testDatabaseOfSuite();

  const roundTrip = async (sql: string, param: unknown) => (await suite.db.query<{ a: unknown }>(sql, [param])).rows[0]!.a;

  it('text arrays arrive as the values given: ids, codes, NULLs (null, undefined), the text NULL, empty text, spaces, commas, braces, non-ASCII', async () => {
    const values = ['evt_AbC123', 'subscription.updated', null, undefined, 'NULL', '', ' padded ', 'a,b', '{x}', '€ Ünïcode…', "it's"];
    const literal = textArray(values);
    assert.equal(typeof literal, 'string', 'made as a literal');
    assert.deepEqual(await roundTrip('SELECT $1::text[] AS a', literal), values.map((v) => v ?? null), 'undefined as NULL, as the driver sends it');
    assert.deepEqual(await roundTrip('SELECT $1::text[] AS a', textArray([])), []);
  });

  it('text that would need escaping (a quote, a backslash) is sent as the array itself, and arrives as given', async () => {
    const values = ['plain', 'say "hi"', 'back\\slash', null];
    assert.equal(textArray(values), values);
    assert.deepEqual(await roundTrip('SELECT $1::text[] AS a', textArray(values)), values);
  });

  it('instants as text arrive as timestamptz', async () => {
    const at = ['2027-06-01T00:00:00.000Z', null, '2028-02-29T12:30:00.000Z'];
    const got = (await roundTrip('SELECT $1::timestamptz[] AS a', textArray(at))) as (Date | string | null)[];
    assert.deepEqual(got.map((d) => (d === null ? null : new Date(d).toISOString())), at);
  });

  it('integer arrays arrive as the values given, NULLs included; a value that is not a safe integer is refused', async () => {
    const values = [0, -5, 1_999_999_999_999, null, 42];
    assert.deepEqual(await roundTrip('SELECT to_json($1::bigint[]) AS a', integerArray(values)), values);
    assert.deepEqual(await roundTrip('SELECT $1::int[] AS a', integerArray([])), []);
    assert.throws(() => integerArray([1.5]), RangeError);
    assert.throws(() => integerArray([Number.NaN]), RangeError);
  });
});
