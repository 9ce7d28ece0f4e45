/** A query runner: the database itself or a transaction on it. Same SQL on PGlite and on a Postgres server. */
export interface Sql {
  /** Runs one parameterised statement (`$1`, `$2`…) and returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

/** The store: PGlite in a data folder by default, or a Postgres server when DATABASE_URL is set. */
export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
