import type { Database, Sql } from '../src/db/types.js';

/**
 * Records the SQL a server in this process issues on `db` (statements inside transactions too, `BEGIN` for each
 * transaction) while `recording` holds a list: `recorder.during(fn)` answers what `fn`'s requests sent.
 */
export function recordSql(db: Database): { recording: string[] | null; during<T>(fn: () => Promise<T>): Promise<string[]> } {
  const recorder = {
    recording: null as string[] | null,
    async during<T>(fn: () => Promise<T>): Promise<string[]> {
      const seen: string[] = [];
      recorder.recording = seen;
      try {
        await fn();
      } finally {
        recorder.recording = null;
      }
      return seen;
    },
  };
  const target = db as { query: Database['query']; transaction: Database['transaction'] };
  const query = target.query.bind(db);
  const transaction = target.transaction.bind(db);
  target.query = ((text: string, params?: unknown[]) => (recorder.recording?.push(text), query(text, params))) as Database['query'];
  const recorded = (tx: Sql): Sql => ({
    query: (text, params) => (recorder.recording?.push(text), tx.query(text, params)),
    exec: (text) => (recorder.recording?.push(text), tx.exec(text)),
  });
  target.transaction = ((fn: Parameters<Database['transaction']>[0]) => (recorder.recording?.push('BEGIN'), transaction((tx) => fn(recorded(tx))))) as Database['transaction'];
  return recorder;
}

/** The statements among `sql` that write (INSERT, UPDATE, DELETE, or a savepoint to undo one). */
export const writesIn = (sql: readonly string[]) => sql.filter((s) => /^\s*(INSERT|UPDATE|DELETE|SAVEPOINT|WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b)/i.test(s));
