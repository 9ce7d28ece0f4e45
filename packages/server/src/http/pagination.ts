import { invalidRequest } from '../errors.js';
import type { Sql } from '../db/types.js';

/** An opaque cursor from the sort key of the last row of a page. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

const invalidCursor = () => invalidRequest('invalid_cursor', "'cursor' is not a cursor this endpoint returned.", 'cursor');

/** The sort key inside a cursor; a tampered or foreign cursor is a 400 on `cursor`. */
export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts;
  } catch {
    // falls through to the 400 below
  }
  throw invalidCursor();
}

/** A list page from `limit + 1` fetched rows: the extra row only tells that there is more. */
export function page<Row, T>(rows: readonly Row[], limit: number, toWire: (row: Row) => T, cursorOf: (row: Row) => readonly (string | number)[]) {
  const data = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const last = data[data.length - 1];
  return {
    object: 'list' as const,
    data: data.map(toWire),
    hasMore,
    nextCursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/** Postgres' text form of a timestamptz, e.g. `2026-11-21 05:08:27.997123+00`. */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/**
 * One page of rows of `table`, newest first by (`column`, id), after the cursor. The cursor keeps the
 * timestamp as Postgres text (microseconds): a JS Date would cut them to milliseconds and skip rows
 * written within the same millisecond as a page's last row.
 */
export async function keysetPage<Row extends { id: string }>(
  db: Sql,
  options: { table: string; column: string; where: readonly string[]; params: readonly unknown[]; limit?: number | undefined; cursor?: string | undefined },
): Promise<{ rows: Row[]; hasMore: boolean; nextCursor: string | null }> {
  const limit = options.limit ?? 20;
  const where = [...options.where];
  const params = [...options.params];
  if (options.cursor !== undefined) {
    const [at, id] = decodeCursor(options.cursor, 2);
    if (!TIMESTAMP_TEXT.test(String(at))) throw invalidCursor();
    params.push(String(at), String(id));
    where.push(`(${options.column}, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(limit + 1);
  const { rows } = await db.query<Row & { cursor_at: string }>(
    `SELECT *, ${options.column}::text AS cursor_at FROM ${options.table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${options.column} DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const pageRows = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const last = pageRows.at(-1);
  return { rows: pageRows, hasMore, nextCursor: hasMore && last ? encodeCursor([last.cursor_at, last.id]) : null };
}
