/**
 * A change under governance: checked against the company's allowed plans, the merchant's action policy
 * and the contract commitment, worked out by the engine, and weighed against the purchasing policy's
 * approval thresholds for the caller's role. Used by the preview, the change and approval requests.
 */
import type { ApprovalCheck, SubscriptionChangeRequest } from '@subkit/core';
import type { RequestContext } from '../../context.js';
import type { Sql } from '../../db/types.js';
import { planChange, renderPreview, type ChangePlan } from '../../engine/changes.js';
import { recurringOf, sameRecurring, toDate, type SubscriptionRow } from '../../engine/rows.js';
import { annualAmount, approvalCheck, checkAllowedPlan, loadPurchasingPolicy } from '../approvals/policy.js';
import { checkChange, type GovernedSubscription } from './rules.js';
import { governedAt, loadGovernance } from './store.js';

/** The rules' view of a subscription row. */
export function rowView(row: SubscriptionRow, planMinimum: number): GovernedSubscription {
  return {
    status: row.status, quantity: row.quantity, recurring: recurringOf(row),
    currentPeriodStart: toDate(row.current_period_start), currentPeriodEnd: toDate(row.current_period_end), planMinimum,
  };
}

/** A change checked against every rule, worked out, with the approval the caller's role needs for it. */
export interface GovernedChange {
  readonly row: SubscriptionRow;
  readonly plan: ChangePlan;
  readonly approval: ApprovalCheck;
}

/**
 * Checks a change against the company's allowed plans, the merchant's policy and the commitment, works
 * it out at the engine's now (or `at`), and decides whether `role` needs approval for it.
 */
export async function governChange(
  ctx: RequestContext,
  sql: Sql,
  row: SubscriptionRow,
  req: SubscriptionChangeRequest,
  role: Parameters<typeof approvalCheck>[1],
): Promise<GovernedChange> {
  const purchasing = await loadPurchasingPolicy(sql, row.company_id);
  const targetPlan = req.planId ?? row.plan_id;
  if (targetPlan !== row.plan_id) checkAllowedPlan(purchasing, targetPlan);
  const g = await loadGovernance(sql, row.plan_id, row.id);
  const target = targetPlan === row.plan_id ? g : await loadGovernance(sql, targetPlan, row.id);
  // Seat minimums are the plan's the change moves to (its quantity rule, its policy), as the engine's bounds are.
  checkChange(
    rowView(row, target.planMinimum),
    { ...g.policy, minimumSeats: target.policy.minimumSeats },
    g.terms,
    {
      downgrade: target.planRank < g.planRank || (req.quantity !== undefined && req.quantity < row.quantity),
      intervalSwitch: req.recurring !== undefined && !sameRecurring(req.recurring, recurringOf(row)),
      quantity: req.quantity,
      effective: req.effective ?? 'now',
    },
    governedAt(rowView(row, g.planMinimum)),
  );
  const plan = await planChange(sql, ctx, row, req);
  const preview = renderPreview(plan);
  const annualizedIncrease = annualAmount(plan.items, recurringOf(plan.price)) - annualAmount(row.items, recurringOf(row));
  return { row, plan, approval: approvalCheck(purchasing, role, row.currency, { amountDueNow: preview.amountDueNow, annualizedIncrease }) };
}

