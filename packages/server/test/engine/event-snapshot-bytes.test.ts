import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENTS_WITH_DATA, recordEvents, type EventInput, type EventSnapshot } from '../../src/db/events.js';
import { testDatabaseOfSuite } from '../harness.js';

const AT = new Date('2027-06-01T00:00:00.000Z');

// Text that a snapshot can hold and a transport can get wrong: quotes and backslashes (escaped in JSON,
// and again in a text-format array), an em dash and ß (two-byte JS strings), an emoji (four UTF-8 bytes,
// a surrogate pair in JS), a newline and a tab, braces and commas (array literal syntax), NULL as text.
const tricky = (id: string, n: number): EventSnapshot => ({
  id,
  object: 'invoice',
  number: `INV-${n}`,
  description: 'Growth — Seats "contract" \\ back\\slash, {braces}, NULL, Straße 🚀\n\ttabbed',
  lines: [{ description: 'Plan — “quoted”', amount: 1234 * n, meta: { z: 1, a: [null, true, 'x'] } }],
  zeta: 'key order kept: z before a',
  alpha: n,
});

describe('event snapshots reach the log as the bytes JSON.stringify made (db/events.ts, its columns sent as array literals)', () => {
  const suite = testDatabaseOfSuite();

  it('shared and own snapshots: stored text byte-identical, read back (as a webhook body is made) with the same keys in the same order', async () => {
    const a = tricky('in_bytes_a', 1);
    const b = tricky('in_bytes_b', 2);
    const sub: EventSnapshot = { id: 'sub_bytes', object: 'subscription', planName: 'Growth — €', note: 'a "b" \\ c' };
    const event = (type: EventInput['type'], object: EventSnapshot): EventInput => ({ type, companyId: 'co_acme', mode: 'test', object, at: AT });
    const ids = await suite.db.transaction((tx) =>
      recordEvents(
        tx,
        [event('subscription.updated', sub), event('invoice.created', a), event('invoice.finalized', a), event('invoice.created', b), event('invoice.finalized', b), event('invoice.paid', b)],
        { share: true },
      ),
    );
    const { rows } = await suite.db.query<{ id: string; text: string; data: { object: unknown }; shared: boolean }>(
      `SELECT e.id, e.data::text AS text, e.data, ev.snapshot_id IS NOT NULL AS shared
         FROM ${EVENTS_WITH_DATA.replace(/\) events$/, ') e')} JOIN events ev ON ev.id = e.id WHERE e.id = ANY($1::text[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const expected = [sub, a, a, b, b, b];
    ids.forEach((id, i) => {
      const row = byId.get(id)!;
      assert.equal(row.text, JSON.stringify({ object: expected[i] }), `event ${i}: the stored text is the JSON made, byte for byte`);
      assert.equal(JSON.stringify(row.data), JSON.stringify({ object: expected[i] }), `event ${i}: parsed back with the same keys in the same order`);
    });
    assert.deepEqual(ids.map((id) => byId.get(id)!.shared), [false, true, true, true, true, true], 'one snapshot per invoice stored once, the lone one in its event');
  });
});
