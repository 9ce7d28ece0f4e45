/**
 * A company's purchasing policy: stored, shown, set (by its billing admin or the merchant), and the check
 * a change goes through — which roles confirm alone, above which amounts (due now; annualized increase)
 * others request approval, which plans the company may buy at all.
 */
import { modelAmount, monthsPerPeriod } from '@subkit/core';
import type { ApprovalCheck, ApprovalReason, ApprovalThreshold, PurchasingPolicy, PurchasingPolicyUpdate, Recurring, Role, SubscriptionItem } from '@subkit/core';
import type { Sql } from '../../db/types.js';
import { ApiError } from '../../errors.js';
import { toDate, type DbTime } from '../../engine/rows.js';

interface PolicyRow {
  roles_without_approval: Role[];
  thresholds: ApprovalThreshold[];
  allowed_plan_ids: string[] | null;
  request_ttl_days: number;
  updated_at: DbTime;
}

/** A company without a policy: nobody needs approval, every plan may be bought, requests wait 14 days. */
function defaultPolicy(companyId: string): PurchasingPolicy {
  return {
    object: 'purchasing_policy',
    companyId,
    rolesWithoutApproval: ['viewer', 'purchaser', 'billing_admin'],
    thresholds: [],
    allowedPlanIds: null,
    requestTtlDays: 14,
    updatedAt: null,
  };
}

/** The company's purchasing policy (the default while none is set). */
export async function loadPurchasingPolicy(sql: Sql, companyId: string): Promise<PurchasingPolicy> {
  const { rows } = await sql.query<PolicyRow>('SELECT * FROM purchasing_policies WHERE company_id = $1', [companyId]);
  const row = rows[0];
  if (!row) return defaultPolicy(companyId);
  return {
    object: 'purchasing_policy',
    companyId,
    rolesWithoutApproval: row.roles_without_approval,
    thresholds: row.thresholds,
    allowedPlanIds: row.allowed_plan_ids,
    requestTtlDays: row.request_ttl_days,
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}

/**
 * Sets fields of the policy. A billing admin always confirms alone (else nobody could approve), and one
 * threshold per currency (two would contradict each other): both are 400s.
 */
export async function updatePurchasingPolicy(sql: Sql, companyId: string, update: PurchasingPolicyUpdate, at: Date): Promise<PurchasingPolicy> {
  const current = await loadPurchasingPolicy(sql, companyId);
  const next = { ...current, ...update };
  const roles = [...new Set(next.rolesWithoutApproval)];
  if (!roles.includes('billing_admin')) {
    throw new ApiError('invalid_request_error', 'billing_admin_required', 'Billing admins approve requests, so they never need approval themselves.', {
      param: 'rolesWithoutApproval',
    });
  }
  const currencies = next.thresholds.map((t) => t.currency);
  if (new Set(currencies).size !== currencies.length) {
    throw new ApiError('invalid_request_error', 'duplicate_currency', 'Give at most one threshold per currency.', { param: 'thresholds' });
  }
  const allowed = next.allowedPlanIds === null ? null : [...new Set(next.allowedPlanIds)];
  if (allowed) {
    const { rows } = await sql.query<{ id: string }>('SELECT id FROM plans WHERE id = ANY($1::text[])', [allowed]);
    const unknown = allowed.find((id) => !rows.some((r) => r.id === id));
    if (unknown !== undefined) throw new ApiError('invalid_request_error', 'resource_missing', `No such plan: ${unknown}.`, { param: 'allowedPlanIds' });
  }
  await sql.query(
    `INSERT INTO purchasing_policies (company_id, roles_without_approval, thresholds, allowed_plan_ids, request_ttl_days, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (company_id) DO UPDATE SET roles_without_approval = EXCLUDED.roles_without_approval, thresholds = EXCLUDED.thresholds,
       allowed_plan_ids = EXCLUDED.allowed_plan_ids, request_ttl_days = EXCLUDED.request_ttl_days, updated_at = EXCLUDED.updated_at`,
    [companyId, JSON.stringify(roles), JSON.stringify(next.thresholds), allowed === null ? null : JSON.stringify(allowed), next.requestTtlDays, at],
  );
  return { ...next, rolesWithoutApproval: roles, allowedPlanIds: allowed, updatedAt: at.toISOString() };
}

/** 403 when the company's policy does not let anyone of it buy the plan. */
export function checkAllowedPlan(policy: PurchasingPolicy, planId: string): void {
  if (policy.allowedPlanIds && !policy.allowedPlanIds.includes(planId)) {
    throw new ApiError('permission_error', 'plan_not_allowed', "Your company's purchasing policy does not include this plan; ask a billing admin.", { param: 'planId' });
  }
}

/** The recurring price of items per year, before tax (metered usage left out: it is not known ahead). */
export function annualAmount(items: readonly SubscriptionItem[], recurring: Recurring): number {
  let perPeriod = 0;
  for (const item of items) {
    if (item.model.type === 'metered') continue;
    perPeriod += modelAmount(item.model, item.quantity).amount;
  }
  return Math.round((perPeriod * 12) / monthsPerPeriod(recurring));
}

/** Whether `role` needs approval for a change of these figures in `currency`, and why. */
export function approvalCheck(policy: PurchasingPolicy, role: Role, currency: string, figures: { amountDueNow: number; annualizedIncrease: number }): ApprovalCheck {
  const reasons: ApprovalReason[] = [];
  if (!policy.rolesWithoutApproval.includes(role)) {
    const threshold = policy.thresholds.find((t) => t.currency === currency);
    if (!threshold) {
      if (figures.amountDueNow > 0 || figures.annualizedIncrease > 0) reasons.push('no_threshold');
    } else {
      if (threshold.amountDueNow !== null && figures.amountDueNow > threshold.amountDueNow) reasons.push('amount_due_now');
      if (threshold.annualizedIncrease !== null && figures.annualizedIncrease > threshold.annualizedIncrease) reasons.push('annualized_increase');
    }
  }
  return { required: reasons.length > 0, reasons, annualizedIncrease: figures.annualizedIncrease };
}

/** 403 `approval_required`: the change must go through an approval request. */
export function approvalRequired(check: ApprovalCheck): ApiError {
  return new ApiError(
    'permission_error',
    'approval_required',
    `Your company's purchasing policy asks a billing admin to approve this change (${check.reasons.join(', ')}); submit it as an approval request.`,
  );
}
