import { invalidRequest } from '../errors.js';

/** An opaque cursor from the sort key of the last row of a page. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The sort key inside a cursor; a tampered or foreign cursor is a 400 on `cursor`. */
export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts;
  } catch {
    // falls through to the 400 below
  }
  throw invalidRequest('parameter_invalid', "'cursor' is not a cursor this endpoint returned.", 'cursor');
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
