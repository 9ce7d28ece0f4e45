import type { EventType, Mode } from '@subkit/core';
import { newId } from '../ids.js';
import type { Sql } from './types.js';

/** Records a state change in the event log (the outbox of outbound webhooks); call it in the same transaction as the change. */
export async function recordEvent(
  sql: Sql,
  event: { type: EventType; companyId: string | null; mode: Mode; object: Record<string, unknown>; at: Date },
): Promise<string> {
  const id = newId('evt_');
  await sql.query('INSERT INTO events (id, type, company_id, mode, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    id,
    event.type,
    event.companyId,
    event.mode,
    JSON.stringify({ object: event.object }),
    event.at,
  ]);
  return id;
}
