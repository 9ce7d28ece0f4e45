/**
 * Seeds N subscriptions due for renewal at one instant, for the billing-run benchmark and the crash
 * tests: a handful of real checkouts through the API (a month before `at`, so their period ends at
 * `at`) — per-seat plus flat fee by card, graduated tiers with metered usage by card, per-seat by
 * invoice with a PO, volume tiers by invoice — then cloned set-based in SQL up to N, with usage for
 * the metered ones. The mix and the companies are the demo's (migrated and seeded database).
 */
import type { AddressInfo } from 'node:net';
import { addMonths } from '@subkit/core';
import { createSubkitApp } from '../src/app.js';
import type { ServerConfig } from '../src/context.js';
import type { Database } from '../src/db/types.js';

/** One kind of subscription of the mix. */
interface Template {
  readonly customerId: string;
  readonly companyId: string;
  readonly body: Record<string, unknown>;
  /** Usage per period of a metered item, as records of this many hours (clones get the same). */
  readonly usage?: { metric: string; quantities: number[] };
}

const CARD = { method: 'card', testCard: { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' } };
const MONTHLY = { interval: 'month', intervalCount: 1 };

const TEMPLATES: readonly Template[] = [
  { customerId: 'globex-admin', companyId: 'co_globex', body: { planId: 'plan_portal_starter', currency: 'USD', recurring: MONTHLY, quantity: 3, payment: CARD } },
  {
    customerId: 'globex-admin',
    companyId: 'co_globex',
    body: { planId: 'plan_fleet_care', currency: 'USD', recurring: MONTHLY, quantity: 14, payment: CARD },
    usage: { metric: 'service_hours', quantities: [6, 9] },
  },
  {
    customerId: 'acme-admin',
    companyId: 'co_acme',
    body: { planId: 'plan_portal_growth', currency: 'EUR', recurring: MONTHLY, quantity: 7, payment: { method: 'invoice', poNumber: 'PO-BENCH-1' } },
  },
  {
    customerId: 'acme-admin',
    companyId: 'co_acme',
    body: { planId: 'plan_consumables', currency: 'EUR', recurring: MONTHLY, quantity: 40, payment: { method: 'invoice', poNumber: 'PO-BENCH-2' } },
  },
];

/** What was seeded. */
export interface DueSeed {
  /** The instant every subscription's period ends. */
  readonly at: Date;
  /** Subscriptions due at `at` (templates and clones). */
  readonly count: number;
  /** Of which charged to a card (the rest are invoiced on net terms). */
  readonly byCard: number;
}

async function call(url: string, method: string, path: string, token: string, body: unknown, origin?: string): Promise<any> {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': `seed-${process.pid}-${Math.random().toString(36).slice(2)}`,
      ...(origin ? { origin } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Buys the templates through the API at `at` minus a month; returns their subscription ids. */
async function buyTemplates(db: Database, config: ServerConfig, boughtAt: Date): Promise<string[]> {
  const app = createSubkitApp({ db, config, clock: () => boughtAt });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const origin = config.allowedOrigins[0];
    const ids: string[] = [];
    for (const t of TEMPLATES) {
      const session = await call(url, 'POST', '/v1/sessions', config.secretKey, { customerId: t.customerId, companyId: t.companyId, ...(origin ? { origin } : {}) });
      const bought = await call(url, 'POST', '/v1/checkout', session.token, t.body, origin);
      ids.push(bought.subscription.id);
    }
    return ids;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * Seeds `count` subscriptions (at least the four templates) whose current period is the month before
 * `at`, all active and due at `at`, on a migrated database with the demo data.
 */
export async function seedDueSubscriptions(db: Database, config: ServerConfig, opts: { count: number; at: Date }): Promise<DueSeed> {
  const start = addMonths(opts.at, -1);
  const templates = await buyTemplates(db, config, start);
  // Active for the whole month before `at` (a trial the fleet plan offers is left out: renewals are measured).
  await db.query(
    `UPDATE subscriptions SET status = 'active', trial_start = NULL, trial_end = NULL, billing_anchor = $2,
            current_period_start = $2, current_period_end = $3 WHERE id = ANY($1::text[])`,
    [templates, start, opts.at],
  );
  const clones = Math.max(0, opts.count - templates.length);
  const { rows: columns } = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'subscriptions' ORDER BY ordinal_position`,
  );
  // Every column copied from its template but the clone's own id and timestamps.
  const own: Record<string, string> = {
    id: `'sub_due_' || lpad(g::text, 7, '0')`,
    version: '1',
    created_at: '$3',
    updated_at: '$3',
  };
  const names = columns.map((c) => c.column_name);
  const values = names.map((n) => own[n] ?? `t.${n}`);
  if (clones > 0) {
    await db.query(
      `INSERT INTO subscriptions (${names.join(', ')})
       SELECT ${values.join(', ')}
         FROM generate_series(1, $2::int) AS g
         JOIN (SELECT s.*, o.k - 1 AS k FROM unnest($1::text[]) WITH ORDINALITY AS o(id, k) JOIN subscriptions s ON s.id = o.id) t
           ON t.k = g % $4`,
      [templates, clones, start, templates.length],
    );
  }
  // Usage of the closing period for every metered subscription of the mix.
  for (const [i, t] of TEMPLATES.entries()) {
    if (!t.usage) continue;
    const offsets = t.usage.quantities.map((_, j) => j + 1);
    await db.query(
      `INSERT INTO usage_records (id, subscription_id, metric, quantity, action, ts)
       SELECT 'ur_due_' || s.id || '_' || o, s.id, $3, ($4::int[])[o], 'increment', $5::timestamptz + make_interval(days => o)
         FROM subscriptions s CROSS JOIN unnest($6::int[]) AS o
        WHERE s.id = $1 OR (s.id LIKE 'sub_due_%' AND substr(s.id, 9)::int % $7 = $2)`,
      [templates[i], i, t.usage.metric, t.usage.quantities, start, offsets, templates.length],
    );
  }
  // Statistics, as autovacuum keeps them on a live database: without them the first claims read the
  // whole table instead of the due index (two claims took 0.5 s each of a 10,000-renewal run).
  await db.query('ANALYZE');
  const { rows } = await db.query<{ n: number; card: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE collection_method = 'charge_automatically')::int AS card
       FROM subscriptions WHERE current_period_end = $1 AND status = 'active'`,
    [opts.at],
  );
  return { at: opts.at, count: rows[0]!.n, byCard: rows[0]!.card };
}
