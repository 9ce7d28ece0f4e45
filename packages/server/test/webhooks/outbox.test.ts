import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordEvent, recordEvents, type EventInput } from '../../src/db/events.js';
import type { Database } from '../../src/db/types.js';
import { openTestDatabase } from '../harness.js';

const AT = new Date('2027-04-01T00:00:00.000Z');
const invoice = (id: string, total: number): EventInput => ({
  type: 'invoice.finalized', companyId: 'co_acme', mode: 'test', object: { id, object: 'invoice', total }, at: AT,
});

describe('the outbox (recordEvents)', () => {
  let db: Database;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await openTestDatabase());
    await db.query(
      `INSERT INTO webhook_endpoints (id, mode, url, event_types, secret, created_at, updated_at)
       VALUES ('we_all', 'test', 'http://127.0.0.1:9/all', '["*"]', 'whsec_a', now(), now()),
              ('we_paid', 'test', 'http://127.0.0.1:9/paid', '["invoice.paid"]', 'whsec_b', now(), now()),
              ('we_live', 'live', 'https://erp.example/x', '["*"]', 'whsec_c', now(), now())`,
    );
  });
  after(async () => {
    await db.close();
    await drop();
  });

  it('a batch numbers each object’s events on from its last, in the order given, and queues a delivery per subscribed endpoint', async () => {
    await db.transaction((tx) => recordEvent(tx, invoice('in_batch_1', 100)));
    const ids = await db.transaction((tx) =>
      recordEvents(tx, [
        invoice('in_batch_2', 200),
        { ...invoice('in_batch_1', 100), type: 'invoice.paid' },
        invoice('in_batch_3', 300),
        { ...invoice('in_batch_1', 100), type: 'invoice.voided' },
        { ...invoice('in_batch_2', 200), type: 'invoice.paid' },
      ]),
    );
    assert.equal(new Set(ids).size, 5);
    const { rows } = await db.query<{ id: string; type: string; object_id: string; sequence: number }>(
      `SELECT id, type, object_id, sequence FROM events WHERE object_id LIKE 'in_batch_%' ORDER BY object_id, sequence`,
    );
    assert.deepEqual(
      rows.map((r) => [r.object_id, r.sequence, r.type]),
      [
        ['in_batch_1', 1, 'invoice.finalized'],
        ['in_batch_1', 2, 'invoice.paid'],
        ['in_batch_1', 3, 'invoice.voided'],
        ['in_batch_2', 1, 'invoice.finalized'],
        ['in_batch_2', 2, 'invoice.paid'],
        ['in_batch_3', 1, 'invoice.finalized'],
      ],
    );
    assert.deepEqual(rows.filter((r) => ids.includes(r.id)).length, 5, 'the ids returned are the ids written');
    const deliveries = await db.query<{ endpoint_id: string; n: number }>(
      `SELECT d.endpoint_id, count(*)::int AS n FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
        WHERE e.object_id LIKE 'in_batch_%' GROUP BY d.endpoint_id ORDER BY d.endpoint_id`,
    );
    assert.deepEqual(deliveries.rows.map((r) => [r.endpoint_id, r.n]), [['we_all', 6], ['we_paid', 2]], 'none to the other mode');
  });

  it('a rolled-back batch leaves no event, no sequence number used and no delivery', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await recordEvents(tx, [invoice('in_rollback', 1), invoice('in_batch_3', 300)]);
        throw new Error('rolled back');
      }),
    );
    assert.equal((await db.query("SELECT 1 FROM events WHERE object_id = 'in_rollback'")).rowCount, 0);
    await db.transaction((tx) => recordEvent(tx, { ...invoice('in_batch_3', 300), type: 'invoice.paid' }));
    const seq = await db.query<{ sequence: number }>("SELECT max(sequence)::int AS sequence FROM events WHERE object_id = 'in_batch_3'");
    assert.equal(seq.rows[0]!.sequence, 2, 'no gap left by the rolled-back batch');
  });

  it('takes a billing run’s batch of 2,000 events in one statement', async () => {
    const batch = Array.from({ length: 2000 }, (_, i) => invoice(`in_bulk_${i % 500}`, i));
    const ids = await db.transaction((tx) => recordEvents(tx, batch));
    assert.equal(ids.length, 2000);
    const { rows } = await db.query<{ n: number; top: number }>("SELECT count(*)::int AS n, max(sequence)::int AS top FROM events WHERE object_id LIKE 'in_bulk_%'");
    assert.deepEqual([rows[0]!.n, rows[0]!.top], [2000, 4]);
    assert.deepEqual(await db.transaction((tx) => recordEvents(tx, [])), []);
  });
});
