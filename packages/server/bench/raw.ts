// The benchmark's baselines (bench/billing-worker.ts): raw set-based writes of what the billing run wrote,
// on the same database after the run. The run's rows are first copied aside into staging tables (not
// timed); each baseline is then INSERT … SELECT from them (and one UPDATE … FROM), under new ids, into
// the real tables with their indexes, constraints and triggers.
import type { Database } from '../src/db/types.js';

/** The staging table of each table the run writes, and how its copy differs from the run's row. */
const COPIES: readonly { table: string; overrides: Record<string, string> }[] = [
  {
    table: 'invoices',
    overrides: {
      id: `'in_all_' || id`,
      number: `'ALL-' || number`,
      period_start: `period_end + interval '1 month'`,
      period_end: `period_end + interval '2 months'`,
    },
  },
  { table: 'payments', overrides: { id: `'pay_all_' || id`, invoice_id: `'in_all_' || invoice_id`, idempotency_key: `'all_' || idempotency_key` } },
  { table: 'test_processor_charges', overrides: { id: `'all_' || id`, idempotency_key: `'all_' || idempotency_key` } },
  { table: 'events', overrides: { id: `'evt_all_' || id` } },
  { table: 'event_snapshots', overrides: { id: '-id' } },
  { table: 'event_sequences', overrides: { object_id: `'all_' || object_id` } },
  { table: 'webhook_deliveries', overrides: { id: `'whd_all_' || id`, event_id: `'evt_all_' || event_id` } },
];

/** The subscription columns the run's renewal UPDATE sets (engine/run/write.ts), besides version and updated_at. */
const RENEWED_COLUMNS = [
  'status', 'plan_id', 'price_id', 'interval', 'interval_count', 'quantity', 'items', 'add_ons', 'billing_anchor', 'discount',
  'scheduled_change', 'skipped_periods', 'ended_at', 'pause', 'pause_resumes_at',
];

const staging = (table: string) => `bench_raw_${table}`;

/** What was staged: row counts. */
export interface Staged {
  readonly invoices: number;
  /** Rows baseline 2 writes: the subscriptions updated count one each, and the history versions the run wrote (migration 113: none for a plain renewal). */
  readonly rows: number;
  /** Baseline 1: as many invoice rows as the run made. */
  readonly rawInvoices: string;
  /** Baseline 2: every row the run wrote, in its final state. */
  readonly rawAll: string[];
}

/** Copies the rows the run wrote at `at` into staging tables and returns the baselines' statements. */
export async function stageRunRows(db: Database, at: Date): Promise<Staged> {
  const when = `'${at.toISOString()}'::timestamptz`;
  const sources: Record<string, string> = {
    invoices: `SELECT * FROM invoices WHERE billing_reason = 'subscription_cycle' AND issued_at = ${when}`,
    payments: `SELECT * FROM payments WHERE created_at = ${when} AND invoice_id IN (SELECT id FROM ${staging('invoices')})`,
    test_processor_charges: `SELECT * FROM test_processor_charges WHERE idempotency_key IN (SELECT idempotency_key FROM ${staging('payments')})`,
    events: `SELECT * FROM events WHERE created_at = ${when}`,
    event_snapshots: `SELECT * FROM event_snapshots WHERE id IN (SELECT snapshot_id FROM ${staging('events')})`,
    event_sequences: `SELECT * FROM event_sequences WHERE (object_type, object_id) IN (SELECT object_type, object_id FROM ${staging('events')})`,
    webhook_deliveries: `SELECT * FROM webhook_deliveries WHERE event_id IN (SELECT id FROM ${staging('events')})`,
    subscriptions: `SELECT * FROM subscriptions WHERE id IN (SELECT subscription_id FROM ${staging('invoices')})`,
  };
  const counts: Record<string, number> = {};
  for (const [table, select] of Object.entries(sources)) {
    await db.query(`CREATE UNLOGGED TABLE ${staging(table)} AS ${select}`);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${staging(table)}`);
    counts[table] = rows[0]!.n;
  }
  const copy = async (table: string, overrides: Record<string, string>) => {
    const { rows } = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    const names = rows.map((c) => c.column_name);
    return `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.map((n) => overrides[n] ?? n).join(', ')} FROM ${staging(table)}`;
  };
  // The next period, as the run's UPDATE writes it: every renewed column, the period moved on, the version up.
  const update = `UPDATE subscriptions s SET ${RENEWED_COLUMNS.map((c) => `${c} = r.${c}`).join(', ')},
      current_period_start = r.current_period_end, current_period_end = r.current_period_end + interval '1 month',
      version = s.version + 1, updated_at = r.current_period_end
    FROM ${staging('subscriptions')} r WHERE s.id = r.id`;
  const rawAll = [update];
  for (const c of COPIES) rawAll.push(await copy(c.table, c.overrides));
  const rawInvoices = await copy('invoices', {
    id: `'in_raw_' || id`,
    number: `'RAW-' || number`,
    period_start: 'period_end',
    period_end: `period_end + interval '1 month'`,
  });
  const versions = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM subscription_versions WHERE valid_from = ${when}`);
  const rows = counts.subscriptions! + versions.rows[0]!.n + COPIES.reduce((n, c) => n + counts[c.table]!, 0);
  return { invoices: counts.invoices!, rows, rawInvoices, rawAll };
}
