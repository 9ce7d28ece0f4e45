/**
 * The demo's open quote: Northwind's sales team quoted Enterprise to Acme (40 seats at contract prices,
 * 12 months, NET 45), so the storefront's Quotes page and the picker's "View your quote" have one to show.
 * Written once, valid for 30 days from the engine's now; a quote Acme has (decided or not) is left alone.
 * Only the reference server seeds it (the server tests' template stays without quotes).
 */
import type { Database } from '../db/types.js';
import { addDays } from '@subkit/core';
import { DEMO_IDS } from './demo-ids.js';

/** The demo quote's id. */
export const DEMO_QUOTE_ID = 'quo_demo_acme_enterprise';

const ITEMS = [
  { id: 'platform_fee', description: 'Platform fee (contract)', model: { type: 'flat', amount: 49000 } },
  { id: 'seats', description: 'Seats (contract)', unitLabel: 'seat', unitLabelPlural: 'seats', model: { type: 'per_unit', unitAmount: 2500 } },
];

/** Seeds Acme's open Enterprise quote unless Acme has a quote already. */
export async function seedDemoQuote(db: Database, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO quotes (id, company_id, status, plan_id, currency, interval, interval_count, items, quantity, term_months, minimum_seats,
       downgrades_at_renewal_only, payment_terms_days, note, expires_at, created_at)
     SELECT $1, $2, 'open', $3, 'EUR', 'month', 1, $4, 40, 12, 30, true, 45, $5, $6, $7
      WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE company_id = $2)`,
    [
      DEMO_QUOTE_ID, DEMO_IDS.companies.acme, DEMO_IDS.plans.enterprise, JSON.stringify(ITEMS),
      'As discussed with Miriam: 40 seats for all depots, onboarding included, 12 months.', addDays(now, 30), now,
    ],
  );
}
