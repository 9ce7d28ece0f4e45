/**
 * The demo's pending approval: Acme's billing admin (Miriam) set a purchasing policy — purchasers ask
 * above €500 due now or €5,000 a year more — and the purchaser (Jonas) then asked to buy Growth for 25
 * seats by invoice, so a visitor opening the account page as Acme's billing admin finds one request to
 * review. Both go through the engine as those members (the audit log names them, events are written), once:
 * a company that has a policy or a request already is left alone. Only the reference server seeds it.
 */
import type { PurchaseRequestCreate } from '@subkit/core';
import type { BuyerPrincipal, RequestContext, ServerConfig } from '../context.js';
import type { Database } from '../db/types.js';
import { actorDatabase, actorOf } from '../governance/audit/actor.js';
import { updatePurchasingPolicy } from '../governance/approvals/policy.js';
import { createPurchaseRequest } from '../governance/approvals/purchase.js';
import { DEMO_IDS } from './demo-ids.js';
import { demoBuyer } from './demo.js';

/** Purchasers of Acme ask a billing admin above these amounts (EUR, minor units). */
export const DEMO_POLICY = {
  rolesWithoutApproval: ['viewer', 'billing_admin'],
  thresholds: [{ currency: 'EUR', amountDueNow: 50_000, annualizedIncrease: 500_000 }],
} as const;

const PURCHASE: PurchaseRequestCreate = {
  planId: DEMO_IDS.plans.growth,
  currency: 'EUR',
  recurring: { interval: 'month', intervalCount: 1 },
  quantity: 25,
  trial: false,
  paymentMethod: 'invoice',
  poNumber: 'PO-ACME-2041',
  note: 'Portal access for the Bremen depot team (25 dispatchers).',
};

/** A request context acting as the demo buyer `customerId` at `now`. */
function asMember(db: Database, config: ServerConfig, customerId: string, now: Date): RequestContext & { principal: BuyerPrincipal } {
  const buyer = demoBuyer(customerId)!;
  const principal: BuyerPrincipal = {
    kind: 'session',
    companyId: buyer.companyId,
    memberId: buyer.memberId,
    customerId,
    role: buyer.role,
    mode: config.mode,
    expiresAt: new Date(now.getTime() + 60_000),
  };
  const requestId = `req_seed_${customerId}`;
  return { db: actorDatabase(db, () => actorOf(principal, config.secretKey, now, requestId)!), config, principal, requestId, now: () => now };
}

/** Seeds Acme's purchasing policy and one pending purchase request, unless Acme has either already. */
export async function seedDemoApproval(db: Database, config: ServerConfig, now: Date): Promise<void> {
  const acme = DEMO_IDS.companies.acme;
  const { rows } = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM purchasing_policies WHERE company_id = $1) + (SELECT count(*) FROM approval_requests WHERE company_id = $1) AS n`,
    [acme],
  );
  if (Number(rows[0]!.n) > 0) return;
  const admin = asMember(db, config, 'acme-admin', now);
  await admin.db.transaction((tx) => updatePurchasingPolicy(tx, acme, { ...DEMO_POLICY, rolesWithoutApproval: [...DEMO_POLICY.rolesWithoutApproval], thresholds: [...DEMO_POLICY.thresholds] }, now));
  const purchaser = asMember(db, config, 'acme-purchaser', new Date(now.getTime() + 60_000));
  await createPurchaseRequest(purchaser, purchaser.principal, PURCHASE);
}
