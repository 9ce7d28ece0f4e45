/** A query runner: the database itself or a transaction on it. Same SQL on PGlite and on a Postgres server. */
export interface Sql {
  /**
   * Runs one parameterised statement (`$1`, `$2`…) and returns its rows.
   * Pass jsonb values as `JSON.stringify(value)`: a bare JS array would be sent as a Postgres array by `pg`.
   */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
  /** Runs a script of several statements without parameters (migrations, seeds). */
  exec(text: string): Promise<void>;
}

/**
 * The store: PGlite in a data folder by default, or a Postgres server when DATABASE_URL is set.
 * PGlite has one connection: inside `transaction(fn)` use only `tx`, never `db` itself, or the call waits forever.
 */
export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /**
   * The store this is a view of. A request with an Idempotency-Key gets a view whose transactions also
   * complete the key (idempotency/index.ts); state kept per store (caches, the payment processor) is keyed
   * on `db.store ?? db`, so every view of one store shares it.
   */
  readonly store?: Database;
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
