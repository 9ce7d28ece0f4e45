import type { EventType, Mode } from '@subkit/core';
import type { Sql } from '../db/types.js';
import { newId } from '../ids.js';
import { json } from './rows.js';

/** Records one state change in the `events` table (the outbox of webhooks and the audit trail), in the caller's transaction. */
export async function emitEvent(
  tx: Sql,
  event: { type: EventType; mode: Mode; companyId: string | null; object: object; at: Date },
): Promise<string> {
  const id = newId('evt_');
  await tx.query('INSERT INTO events (id, type, company_id, mode, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    id,
    event.type,
    event.companyId,
    event.mode,
    json({ object: event.object }),
    event.at,
  ]);
  return id;
}
