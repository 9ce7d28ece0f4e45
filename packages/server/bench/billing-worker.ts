// The benchmark's worker process (bench/billing-run.ts forks it): runs the billing run over everything
// due at the seeded instant, then — on the same database, in the same process — a raw set-based INSERT
// of as many invoice rows, and sends back both timings and its peak RSS (taken before the raw insert).
import { generateKeys } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/open.js';
import { runBilling, runEnv } from '../src/engine/run/index.js';

/** What the worker measured. */
export interface WorkerResult {
  readonly invoices: number;
  readonly runSeconds: number;
  readonly rawRows: number;
  readonly rawSeconds: number;
  readonly peakRssBytes: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as { url?: string; dataDir?: string; at: string; count: number; batchSize?: number };
const at = new Date(input.at);
const db = await openDatabase(input.url ? { url: input.url } : { dataDir: input.dataDir! });
const config = loadConfig({}, { ...generateKeys('test') });

const env = runEnv(db, config);
const started = performance.now();
await runBilling(env, { until: at, ...(input.batchSize ? { batchSize: input.batchSize } : {}) });
const runSeconds = (performance.now() - started) / 1000;
// Kilobytes on Linux.
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices WHERE billing_reason = 'subscription_cycle' AND issued_at = $1`, [at]);
const invoices = rows[0]!.n;

// The floor: one INSERT … SELECT of as many invoice rows as the run made (a copy of its own rows, for
// the next period), into the same table with its indexes and constraints, in one transaction.
const rawStarted = performance.now();
const raw = await db.transaction(async (tx) =>
  tx.query(
    `INSERT INTO invoices (id, number, company_id, subscription_id, status, billing_reason, collection_method, currency, lines, subtotal,
       discount_total, tax_lines, tax, total, credit_applied, amount_paid, amount_due, po_number, period_start, period_end, issued_at, due_at,
       paid_at, created_at)
     SELECT 'in_raw_' || i.id, 'RAW-' || i.number, company_id, subscription_id, status, billing_reason, collection_method, currency, lines, subtotal,
       discount_total, tax_lines, tax, total, credit_applied, amount_paid, amount_due, po_number, period_end, period_end + interval '1 month',
       issued_at, due_at, paid_at, created_at
       FROM invoices i WHERE billing_reason = 'subscription_cycle' AND issued_at = $1`,
    [at],
  ),
);
const rawSeconds = (performance.now() - rawStarted) / 1000;
await db.close();

const result: WorkerResult = { invoices, runSeconds, rawRows: raw.rowCount ?? 0, rawSeconds, peakRssBytes };
process.send?.(result);
