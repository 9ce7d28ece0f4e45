/**
 * A renewal batch takes its invoices' numbers in one `UPDATE … RETURNING` of the counter row, in the
 * batch's own transaction: when the batch fails after taking them (here: writing its payments), the
 * numbers go back with everything else, and the next run numbers on without a gap.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database, Sql } from '../../src/db/types.js';
import { runBilling, runEnv } from '../../src/engine/run/index.js';
import { CARDS, card, checkout, IDS, MONTHLY } from '../billing/helpers.js';
import { startTestServer, type TestServer } from '../harness.js';
import { assertGapless, count, newCompany } from './run-helpers.js';

/** `db`, whose transactions fail at the first statement that `fails` matches, once. */
function failingOnce(db: Database, fails: (sql: string) => boolean): Database {
  let armed = true;
  const wrap = (tx: Sql): Sql =>
    new Proxy(tx, {
      get(target, key) {
        if (key !== 'query') return Reflect.get(target, key);
        return (sql: string, params?: unknown[]) => {
          if (armed && fails(sql)) {
            armed = false;
            return Promise.reject(new Error('the batch fails after taking its numbers'));
          }
          return target.query(sql, params);
        };
      },
    });
  return new Proxy(db, {
    get(target, key) {
      if (key === 'transaction') return <T>(fn: (tx: Sql) => Promise<T>) => target.transaction((tx) => fn(wrap(tx)));
      return Reflect.get(target, key);
    },
  });
}

describe('invoice numbers of a failed renewal batch', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    assert.deepEqual(server.serverErrors, []);
    await server.close();
  });

  test('go back with the batch: the rerun numbers on without a gap', async () => {
    const subscriptions = [];
    for (let i = 0; i < 3; i += 1) {
      const company = await newCompany(server, { invoiceAllowed: false });
      const placed = await checkout(await company.client(), {
        planId: IDS.starter, currency: 'EUR', recurring: MONTHLY, payment: { method: 'card', testCard: card(CARDS.success) },
      });
      subscriptions.push(placed.subscription);
    }
    const until = new Date(Math.max(...subscriptions.map((s) => Date.parse(s.currentPeriodEnd))));
    const counter = async () => (await server.db.query<{ last_value: number }>(`SELECT last_value FROM invoice_number_counters WHERE scope = 'invoice'`)).rows[0]!.last_value;
    const renewals = () => count(server, `SELECT count(*) AS n FROM invoices WHERE billing_reason = 'subscription_cycle'`);
    const before = await counter();

    const failing = failingOnce(server.db, (sql) => sql.trimStart().startsWith('INSERT INTO payments'));
    await assert.rejects(runBilling(runEnv(failing, server.config), { until }), /fails after taking its numbers/);
    assert.equal(await counter(), before, 'the numbers the batch took went back');
    assert.equal(await renewals(), 0, 'nothing of the batch stayed');

    await runBilling(runEnv(server.db, server.config), { until });
    assert.equal(await renewals(), 3);
    assert.equal(await counter(), before + 3);
    const { rows } = await server.db.query<{ number: string }>('SELECT number FROM invoices WHERE number IS NOT NULL');
    assertGapless(rows.map((r) => r.number));
  });
});
