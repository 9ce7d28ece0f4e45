/**
 * The merchant's action policies and subscriptions' commitments as stored, and the subscription answer
 * they decorate (`actions`, `commitment`): loaded in one query per subscription.
 */
import { ActionPolicy, addMonths, DEFAULT_ACTION_POLICY, type ActionPolicyUpdate, type CommitmentRequest, type PlanActionPolicy, type Subscription } from '@subkit/core';
import type { Sql } from '../../db/types.js';
import { notFound } from '../../errors.js';
import { toDate, type DbTime } from '../../engine/rows.js';
import type { CommitmentTerms, GovernedSubscription } from './rules.js';
import { commitmentToWire, subscriptionActions } from './rules.js';

/** What governs one subscription: its plan's policy, its contract terms, its plan's rank and minimum. */
export interface Governance {
  readonly policy: ActionPolicy;
  readonly terms: CommitmentTerms | null;
  readonly planRank: number;
  readonly planMinimum: number;
}

interface GovernanceRow {
  policy: ActionPolicy | null;
  plan_quantity: { minimum?: number } | null;
  plan_rank: number;
  term_ends_at: DbTime | null;
  minimum_seats: number | null;
  downgrades_at_renewal_only: boolean | null;
  quote_id: string | null;
  has_terms: boolean;
}

/** A plan's policy, with defaults for fields a stored policy lacks (a policy stored before a field existed). */
function withDefaults(policy: Partial<ActionPolicy> | null): ActionPolicy {
  return { ...DEFAULT_ACTION_POLICY, ...(policy ?? {}) };
}

/** The governance of a subscription on a plan (the plan it is on, or the plan a change moves it to). */
export async function loadGovernance(sql: Sql, planId: string, subscriptionId: string): Promise<Governance> {
  const { rows } = await sql.query<GovernanceRow>(
    `SELECT ap.policy, p.quantity AS plan_quantity, p.rank AS plan_rank, c.term_ends_at, c.minimum_seats,
            c.downgrades_at_renewal_only, c.quote_id, c.subscription_id IS NOT NULL AS has_terms
       FROM plans p
       LEFT JOIN plan_action_policies ap ON ap.plan_id = p.id
       LEFT JOIN subscription_commitments c ON c.subscription_id = $2
      WHERE p.id = $1`,
    [planId, subscriptionId],
  );
  const row = rows[0];
  if (!row) throw notFound('plan', 'planId');
  return governanceOf(row);
}

function governanceOf(row: GovernanceRow): Governance {
  return {
    policy: withDefaults(row.policy),
    terms: row.has_terms
      ? {
          termEndsAt: row.term_ends_at ? toDate(row.term_ends_at) : null,
          minimumSeats: row.minimum_seats,
          downgradesAtRenewalOnly: !!row.downgrades_at_renewal_only,
          quoteId: row.quote_id,
        }
      : null,
    planRank: row.plan_rank,
    planMinimum: row.plan_quantity?.minimum ?? 0,
  };
}

/** The rules' view of a wire subscription. */
export function governed(sub: Subscription, planMinimum: number): GovernedSubscription {
  return {
    status: sub.status, quantity: sub.quantity, recurring: sub.recurring,
    currentPeriodStart: new Date(sub.currentPeriodStart), currentPeriodEnd: new Date(sub.currentPeriodEnd), planMinimum,
  };
}

/**
 * The instant the rules are applied at for a subscription: its current period's start. Answers and checks
 * use the same instant, so a subscription's `actions` are what the server then allows (a term ends on a
 * period boundary when it is counted from the start in whole periods, as quotes and commitments do).
 */
export function governedAt(sub: { currentPeriodStart: Date }): Date {
  return sub.currentPeriodStart;
}

/**
 * The subscription answers with what buyers may do and the contract terms, one query for all of them
 * (engine/subscriptions.ts renders every answer through it: the API's and the billing run's batches).
 */
export async function governSubscriptions(sql: Sql, subs: readonly Subscription[]): Promise<Subscription[]> {
  if (subs.length === 0) return [];
  const { rows } = await sql.query<GovernanceRow & { subscription_id: string }>(
    `SELECT s.subscription_id, ap.policy, p.quantity AS plan_quantity, p.rank AS plan_rank, c.term_ends_at, c.minimum_seats,
            c.downgrades_at_renewal_only, c.quote_id, c.subscription_id IS NOT NULL AS has_terms
       FROM unnest($1::text[], $2::text[]) AS s(plan_id, subscription_id)
       JOIN plans p ON p.id = s.plan_id
       LEFT JOIN plan_action_policies ap ON ap.plan_id = p.id
       LEFT JOIN subscription_commitments c ON c.subscription_id = s.subscription_id`,
    [subs.map((s) => s.planId), subs.map((s) => s.id)],
  );
  const bySubscription = new Map(rows.map((r) => [r.subscription_id, r]));
  return subs.map((sub) => {
    const row = bySubscription.get(sub.id);
    if (!row) throw notFound('plan', 'planId');
    const g = governanceOf(row);
    const view = governed(sub, g.planMinimum);
    return { ...sub, actions: subscriptionActions(view, g.policy, g.terms, governedAt(view)), commitment: commitmentToWire(view, g.terms) };
  });
}

/** A plan's action policy as the merchant API shows it (404 for an unknown plan). */
export async function getActionPolicy(sql: Sql, planId: string): Promise<PlanActionPolicy> {
  const { rows } = await sql.query<{ policy: ActionPolicy | null; updated_at: DbTime | null }>(
    `SELECT ap.policy, ap.updated_at FROM plans p LEFT JOIN plan_action_policies ap ON ap.plan_id = p.id WHERE p.id = $1`,
    [planId],
  );
  const row = rows[0];
  if (!row) throw notFound('plan', 'planId');
  return { object: 'action_policy', planId, ...withDefaults(row.policy), updatedAt: row.updated_at ? toDate(row.updated_at).toISOString() : null };
}

/** Sets fields of a plan's action policy. */
export async function updateActionPolicy(sql: Sql, planId: string, update: ActionPolicyUpdate, at: Date): Promise<PlanActionPolicy> {
  const current = await getActionPolicy(sql, planId);
  const policy = ActionPolicy.parse({ ...withDefaults(current), ...update });
  const stored: ActionPolicy = {
    pause: policy.pause, skip: policy.skip, cancel: policy.cancel, downgrade: policy.downgrade,
    intervalSwitch: policy.intervalSwitch, minimumSeats: policy.minimumSeats, retentionOffers: policy.retentionOffers,
  };
  await sql.query(
    `INSERT INTO plan_action_policies (plan_id, policy, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (plan_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at`,
    [planId, JSON.stringify(stored), at],
  );
  return { object: 'action_policy', planId, ...stored, updatedAt: at.toISOString() };
}

/**
 * Sets a subscription's contract terms: the term counted in months from the subscription's start (its
 * creation), a seat minimum, downgrades only at renewal. All empty clears them.
 */
export async function setCommitment(
  sql: Sql,
  sub: { id: string; company_id: string; created_at: DbTime },
  req: CommitmentRequest,
  at: Date,
  quoteId: string | null = null,
): Promise<void> {
  const termEndsAt = req.termMonths ? addMonths(toDate(sub.created_at), req.termMonths) : null;
  const minimumSeats = req.minimumSeats ?? null;
  const atRenewal = req.downgradesAtRenewalOnly ?? false;
  if (!termEndsAt && minimumSeats === null && !atRenewal && !quoteId) {
    await sql.query('DELETE FROM subscription_commitments WHERE subscription_id = $1', [sub.id]);
    return;
  }
  await sql.query(
    `INSERT INTO subscription_commitments (subscription_id, company_id, term_ends_at, minimum_seats, downgrades_at_renewal_only, quote_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (subscription_id) DO UPDATE SET term_ends_at = EXCLUDED.term_ends_at, minimum_seats = EXCLUDED.minimum_seats,
       downgrades_at_renewal_only = EXCLUDED.downgrades_at_renewal_only,
       quote_id = COALESCE(EXCLUDED.quote_id, subscription_commitments.quote_id), updated_at = EXCLUDED.updated_at`,
    [sub.id, sub.company_id, termEndsAt, minimumSeats, atRenewal, quoteId, at],
  );
}
