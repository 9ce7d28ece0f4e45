/**
 * The audit log as the API shows it: pages newest first (billing admins for their company, the merchant
 * for any company), and a CSV export for the company's records. Field names of before/after are the
 * API's (camelCase), whatever the column is called.
 */
import type { AuditEntry, AuditObjectType } from '@subkit/core';
import type { Sql } from '../../db/types.js';
import { CSV_BOM, csvLine } from '../../engine/csv.js';
import { toDate, type DbTime } from '../../engine/rows.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { invalidRequest } from '../../errors.js';

interface AuditRow {
  id: string;
  company_id: string | null;
  at: DbTime;
  actor: { type: AuditEntry['actor']['type']; memberId: string | null; role: AuditEntry['actor']['role']; key: string | null };
  actor_name: string | null;
  action: string;
  object_type: AuditObjectType;
  object_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string | null;
}

/** Filters of a listing or an export. */
export interface AuditFilter {
  readonly objectType?: AuditObjectType | undefined;
  readonly objectId?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function camelKeys(values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!values) return null;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v]));
}

/**
 * Who reads the log: the merchant (its own API, any company) or the company's billing admins. A buyer sees
 * the merchant's changes as the merchant's, without which credential made them: the key's last
 * characters (or "merchant_session") are the merchant's operational detail, and a suffix of a secret
 * key narrows the search for it.
 */
export type AuditReader = 'merchant' | 'buyer';

function toWire(row: AuditRow, reader: AuditReader): AuditEntry {
  const key = reader === 'merchant' ? (row.actor.key ?? null) : null;
  return {
    id: row.id,
    object: 'audit_entry',
    companyId: row.company_id,
    at: toDate(row.at).toISOString(),
    actor: { type: row.actor.type, memberId: row.actor.memberId ?? null, name: row.actor_name, role: row.actor.role ?? null, key },
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    before: camelKeys(row.before),
    after: camelKeys(row.after),
    requestId: row.request_id,
  };
}

async function selectEntries(sql: Sql, companyId: string, filter: AuditFilter, page: { limit: number; cursor?: string | undefined } | null): Promise<AuditRow[]> {
  const where = ['a.company_id = $1'];
  const params: unknown[] = [companyId];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (filter.objectType) add((n) => `a.object_type = $${n}`, filter.objectType);
  if (filter.objectId) add((n) => `a.object_id = $${n}`, filter.objectId);
  if (filter.since) add((n) => `a.at >= $${n}`, filter.since);
  if (filter.until) add((n) => `a.at < $${n}`, filter.until);
  if (page?.cursor !== undefined) {
    const [at, id] = decodeCursor(page.cursor, 2);
    // Audit instants are the engine's milliseconds (the actor's ISO `at`), so an ISO cursor is exact.
    if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at) || Number.isNaN(Date.parse(at)) || typeof id !== 'string') throw invalidRequest('invalid_cursor', "'cursor' is not a cursor this endpoint returned.", 'cursor');
    params.push(at, id);
    where.push(`(a.at, a.id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  const limit = page ? `LIMIT ${page.limit + 1}` : '';
  const { rows } = await sql.query<AuditRow>(
    `SELECT a.*, m.name AS actor_name
       FROM audit_log a LEFT JOIN members m ON m.id = a.actor ->> 'memberId'
      WHERE ${where.join(' AND ')} ORDER BY a.at DESC, a.id DESC ${limit}`,
    params,
  );
  return rows;
}

/** One page of a company's audit log, newest first. */
export async function listAuditEntries(sql: Sql, reader: AuditReader, companyId: string, query: AuditFilter & { limit?: number | undefined; cursor?: string | undefined }) {
  const limit = query.limit ?? 20;
  const rows = await selectEntries(sql, companyId, query, { limit, cursor: query.cursor });
  const data = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const last = data.at(-1);
  return { object: 'list' as const, data: data.map((row) => toWire(row, reader)), hasMore, nextCursor: hasMore && last ? encodeCursor([toDate(last.at).toISOString(), last.id]) : null };
}

const HEADER = ['id', 'at', 'actor_type', 'member_id', 'member_name', 'role', 'key', 'action', 'object_type', 'object_id', 'before', 'after', 'request_id'] as const;

/** A company's audit log matching the filters as CSV for its billing admins (before/after as JSON text in their cells; `key` stays empty, see AuditReader). */
export async function auditCsv(sql: Sql, companyId: string, filter: AuditFilter): Promise<string> {
  let out = CSV_BOM + csvLine(HEADER);
  for (const row of await selectEntries(sql, companyId, filter, null)) {
    const e = toWire(row, 'buyer');
    out += csvLine([
      e.id, e.at, e.actor.type, e.actor.memberId, e.actor.name, e.actor.role, e.actor.key, e.action, e.objectType, e.objectId,
      e.before ? JSON.stringify(e.before) : null, e.after ? JSON.stringify(e.after) : null, e.requestId,
    ]);
  }
  return out;
}
