import type { PriceItem, Quote, SessionInfo } from '@subkit/core';
import { can } from '../rules/selectors.js';

/** What `<subkit-quote>` shows, derived from the store's quotes and the buyer session. */
export interface QuoteView {
  /** The quotes shown: the one named by `quote-id`, else open ones first, then decided ones, newest first. */
  quotes: Quote[];
  /** True when the buyer may accept or decline (a billing admin: `approvals:manage`). */
  canDecide: boolean;
}

/** The view of the widget: which quotes, and whether the buyer may decide them. */
export function quoteView(quotes: readonly Quote[] | null, session: SessionInfo | null, quoteId: string | undefined): QuoteView {
  const all = quotes ?? [];
  const shown = quoteId ? all.filter((q) => q.id === quoteId) : [...all.filter((q) => q.status === 'open'), ...all.filter((q) => q.status !== 'open')];
  return { quotes: shown, canDecide: can(session, 'approvals:manage') };
}

/** A contract price item as figures to word: a flat amount, a per-unit price, or tiers. */
export type ItemPrice = { kind: 'flat'; amount: number } | { kind: 'unit'; amount: number; unit: string } | { kind: 'tiered' };

/** How a contract price item is priced (its unit named as the item names it). */
export function itemPrice(item: PriceItem): ItemPrice {
  const model = item.model;
  if (model.type === 'flat') return { kind: 'flat', amount: model.amount };
  if (model.type === 'per_unit') return { kind: 'unit', amount: model.unitAmount, unit: item.unitLabel ?? '' };
  return { kind: 'tiered' };
}
