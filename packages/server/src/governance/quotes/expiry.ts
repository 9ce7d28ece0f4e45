/**
 * Open quotes expire at their `expiresAt`: the billing run marks them in batches at that instant (the
 * engine's clock, so a test clock's advance expires them too) and writes `quote.expired`, with the engine
 * named as the actor in the audit log. Until it has, a quote past its expiry reads expired (../expiry.ts).
 */
import { recordEvents } from '../../db/events.js';
import type { Database } from '../../db/types.js';
import { setActor, systemActor } from '../audit/actor.js';
import { expireDue, expiryDue } from '../expiry.js';
import { renderQuotes } from './quotes.js';

/** The earliest expiry of an open quote, for the run's next due instant. */
export const QUOTE_EXPIRY_DUE = expiryDue('quotes');

/** Expires up to `limit` open quotes due by `at` (claimed with SKIP LOCKED, as the run's other batches). */
export async function expireQuoteBatch(db: Database, env: { config: { mode: 'test' | 'live' } }, at: Date, limit: number): Promise<{ claimed: number; attempts: [] }> {
  return db.transaction(async (tx) => {
    await setActor(tx, systemActor(at));
    const ids = await expireDue(tx, 'quotes', at, limit);
    if (ids.length) {
      const quotes = await renderQuotes(tx, ids, at);
      await recordEvents(tx, quotes.map((q) => ({ type: 'quote.expired' as const, companyId: q.companyId, mode: env.config.mode, object: q, at })));
    }
    return { claimed: ids.length, attempts: [] };
  });
}
