/**
 * The seats of a quoted subscription stay changeable. A plan sold only through sales usually has no
 * quantity rule of its own (its seats are whatever the quote says), so without one the engine would read
 * it as "not sold by quantity": a seat change refused, and any other change falling back to one seat.
 * As a Stripe or Chargebee quote's line quantity becomes the subscription item's quantity, which can be
 * updated later, the subscription keeps a seat rule from its quote: from one seat, no maximum, starting at
 * the quoted seats, the unit named as the contract's seat-priced item names it. The contract's seat
 * minimum is the commitment's (policy/rules.ts refuses going below it with the earliest date), not the
 * rule's; moving to another plan takes that plan's rule. Contracts priced only by flat fees keep none.
 */
import type { PriceItem } from '@subkit/core';
import type { Sql } from '../../db/types.js';
import type { PlanRow } from '../../engine/rows.js';

const SEAT_PRICED = new Set(['per_unit', 'package', 'graduated', 'volume']);

/** The plan as a change of `sub` reads it: with the quote's seat rule when the plan has none (see above). */
export async function withQuotedSeats(sql: Sql, plan: PlanRow, sub: { id: string; plan_id: string }): Promise<PlanRow> {
  if (plan.quantity || plan.id !== sub.plan_id) return plan;
  const { rows } = await sql.query<{ quantity: number; items: PriceItem[] }>(
    `SELECT q.quantity, q.items FROM subscription_commitments c JOIN quotes q ON q.id = c.quote_id
      WHERE c.subscription_id = $1 AND q.plan_id = $2 AND q.status = 'accepted'`,
    [sub.id, plan.id],
  );
  const quote = rows[0];
  const seatItem = quote?.items.find((item) => SEAT_PRICED.has(item.model.type));
  if (!quote || !seatItem) return plan;
  return { ...plan, quantity: { unitLabel: seatItem.unitLabel ?? 'seat', minimum: 1, maximum: null, default: quote.quantity } };
}
