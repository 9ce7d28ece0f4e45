import { http, HttpResponse, type HttpHandler } from 'msw';
import { ApprovalDecision, ApprovalRejection, ApprovalRequest, ApprovalRequestCreate, ApprovalRequestDetail, AuditEntry, PurchasingPolicyUpdate, type ChangePreview } from '@subkit/core';
import { FIXTURE_NOW } from '../fixtures/checkout.js';
import { changePreviewFor, changeResultFor, prorationInvoiceFor } from '../fixtures/subscriptions.js';
import { apiError, asInvoice, page, type FixtureContext } from './core.js';

const difference = (now: ChangePreview, then: ChangePreview) => ({
  amountDueNow: now.amountDueNow - then.amountDueNow,
  subtotal: now.subtotal - then.subtotal,
  tax: now.tax - then.tax,
  creditCreated: now.creditCreated - then.creditCreated,
  nextInvoiceTotal: now.nextInvoice.total - then.nextInvoice.total,
});

/**
 * Approval requests as the engine keeps them: a billing admin sees all, others their own; a pending one
 * answers its preview recomputed against the subscription as it is now; approving applies the change at
 * the version shown (a stale one answers 409), with the request's PO number on its invoice.
 */
/** The merchant's names of the requested plans in Chinese and Arabic, as `?locale=` answers them (a decision's answer keeps the merchant's). */
const PLAN_NAMES: Record<string, Record<string, string>> = { 'zh-CN': { Business: '商务版', Team: '团队版' }, ar: { Business: 'الأعمال', Team: 'الفريق' } };
const inLocale = <T extends ApprovalRequest>(r: T, request: Request): T => ({ ...r, planName: PLAN_NAMES[new URL(request.url).searchParams.get('locale') ?? '']?.[r.planName] ?? r.planName });

export function approvalRoutes(c: FixtureContext): HttpHandler[] {
  const { state } = c;
  const me = () => state.session!.member;
  const admin = () => state.session!.permissions.includes('approvals:manage');
  const visible = () => state.approvals.filter((r) => admin() || r.requestedBy.memberId === me().id);
  const find = (id: unknown) => visible().find((r) => r.id === id);
  const save = (next: ApprovalRequest) => {
    const parsed = ApprovalRequest.parse(next);
    state.approvals = state.approvals.some((r) => r.id === next.id) ? state.approvals.map((r) => (r.id === next.id ? parsed : r)) : [parsed, ...state.approvals];
    return HttpResponse.json(next);
  };
  const decidedBy = () => ({ memberId: me().id, name: me().name, role: state.session!.role });
  const undecided = (r: ApprovalRequest) => (r.status === 'pending' ? null : apiError(409, 'conflict_error', 'request_decided', `This request is already ${r.status}.`));

  const auditOf = (request: Request) => {
    const type = new URL(request.url).searchParams.get('objectType');
    return state.audit.filter((e) => !type || e.objectType === type);
  };

  /** Saves the policy as the API does (a billing admin always buys alone; allowed plans must exist) and logs the change. */
  const savePolicy = (update: PurchasingPolicyUpdate) => {
    const roles = update.rolesWithoutApproval ?? state.policy.rolesWithoutApproval;
    if (!roles.includes('billing_admin')) return apiError(400, 'invalid_request_error', 'billing_admin_required', 'Billing admins never need approval.', { param: 'rolesWithoutApproval' });
    const plans = state.sessionCatalog.products.flatMap((p) => p.plans.map((plan) => plan.id));
    const unknown = update.allowedPlanIds?.find((id) => !plans.includes(id));
    if (unknown) return apiError(400, 'invalid_request_error', 'resource_missing', `No such plan: ${unknown}.`, { param: 'allowedPlanIds' });
    const before = state.policy;
    const next = { ...before, ...update, updatedAt: FIXTURE_NOW.toISOString() };
    const changed = (Object.keys(update) as (keyof PurchasingPolicyUpdate)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
    state.policy = next;
    if (changed.length) {
      const pick = (p: typeof before) => Object.fromEntries(changed.map((k) => [k, p[k]]));
      const actor = { type: 'member', memberId: me().id, name: me().name, role: state.session!.role, key: null } as const;
      const entry = { id: `aud_policy_${state.audit.length}`, object: 'audit_entry', companyId: before.companyId, at: FIXTURE_NOW.toISOString(), actor, requestId: null };
      state.audit = [AuditEntry.parse({ ...entry, action: 'purchasing_policy.updated', objectType: 'purchasing_policy', objectId: before.companyId, before: pick(before), after: pick(next) }), ...state.audit];
    }
    return HttpResponse.json(next);
  };

  return [
    http.get('*/v1/purchasing-policy', async ({ request }) => {
      await c.record(request);
      return c.denied(request) ?? HttpResponse.json(state.policy);
    }),
    http.post('*/v1/purchasing-policy', async ({ request }) => {
      const body = await c.record(request);
      const denied = c.denied(request, 'approvals:manage');
      if (denied) return denied;
      const parsed = PurchasingPolicyUpdate.safeParse(body);
      if (!parsed.success) return c.invalid(parsed.error.issues[0]!.path.join('.'), 'Invalid purchasing policy.');
      return c.idempotent(request, () => savePolicy(parsed.data));
    }),
    http.get('*/v1/audit-log', async ({ request }) => {
      await c.record(request);
      return c.denied(request, 'audit:read') ?? page(auditOf(request));
    }),
    http.get('*/v1/audit-log/export.csv', async ({ request }) => {
      await c.record(request);
      const rows = auditOf(request).map((e) => [e.at, e.actor.name ?? e.actor.key ?? e.actor.type, e.actor.role ?? '', e.action, e.objectId].join(','));
      return c.denied(request, 'audit:read') ?? new HttpResponse(['at,actor,role,action,object', ...rows].join('\n'), { headers: { 'content-type': 'text/csv' } });
    }),
    http.get('*/v1/approval-requests', async ({ request }) => {
      await c.record(request);
      return c.denied(request, 'subscriptions:read') ?? page(visible().map((r) => inLocale(r, request)));
    }),
    http.post('*/v1/approval-requests', async ({ request }) => {
      const raw = await c.record(request);
      const denied = c.denied(request, 'subscriptions:change');
      if (denied) return denied;
      const parsed = ApprovalRequestCreate.safeParse(raw ?? {});
      if (!parsed.success) return c.invalid(parsed.error.issues[0]?.path.map(String).join('.') ?? '', 'Invalid request.');
      const sub = state.subscriptions.find((s) => s.id === parsed.data.subscriptionId);
      if (!sub) return c.notFound('subscription');
      const preview = changePreviewFor(sub, parsed.data.change, state.sessionCatalog);
      const planId = parsed.data.change.planId ?? sub.planId;
      const plan = state.sessionCatalog.products.flatMap((p) => p.plans).find((p) => p.id === planId);
      return c.idempotent(request, () =>
        save({
          id: `apr_new_${state.approvals.length}`, object: 'approval_request', companyId: sub.companyId, status: 'pending', subscriptionId: sub.id, change: parsed.data.change,
          planName: plan?.name ?? sub.planName, requestedPreview: preview, approval: preview.approval ?? { required: true, reasons: ['no_threshold'], annualizedIncrease: 0 },
          poNumber: parsed.data.poNumber ?? null, note: parsed.data.note ?? null, requestedBy: decidedBy(), decidedBy: null, decisionComment: null, invoiceId: null,
          expiresAt: new Date(FIXTURE_NOW.getTime() + 14 * 86_400_000).toISOString(), decidedAt: null, createdAt: FIXTURE_NOW.toISOString(),
        }),
      );
    }),
    http.get('*/v1/approval-requests/:id', async ({ request, params }) => {
      await c.record(request);
      const denied = c.denied(request, 'subscriptions:read');
      if (denied) return denied;
      const found = find(params.id);
      if (!found) return c.notFound('approval request');
      const sub = state.subscriptions.find((s) => s.id === found.subscriptionId);
      if (found.status !== 'pending' || !sub) return HttpResponse.json(ApprovalRequestDetail.parse({ ...inLocale(found, request), currentPreview: null, difference: null, currentError: null }));
      const now = changePreviewFor(sub, { ...found.change, expectedVersion: sub.version }, state.sessionCatalog);
      return HttpResponse.json(ApprovalRequestDetail.parse({ ...inLocale(found, request), currentPreview: now, difference: difference(now, found.requestedPreview), currentError: null }));
    }),
    http.post('*/v1/approval-requests/:id/approve', async ({ request, params }) => {
      const raw = await c.record(request);
      const denied = c.denied(request, 'approvals:manage');
      if (denied) return denied;
      const found = find(params.id);
      if (!found) return c.notFound('approval request');
      const body = ApprovalDecision.safeParse(raw ?? {});
      if (!body.success) return c.invalid(body.error.issues[0]?.path.map(String).join('.') ?? '', 'Invalid decision.');
      const sub = state.subscriptions.find((s) => s.id === found.subscriptionId);
      if (!sub) return c.notFound('subscription');
      const decided = undecided(found);
      if (decided) return decided;
      if (body.data.expectedVersion !== sub.version) return apiError(409, 'conflict_error', 'version_conflict', 'The subscription changed since this preview.');
      return c.idempotent(request, () => {
        const change = { ...found.change, expectedVersion: sub.version };
        const result = changeResultFor(sub, change, state.sessionCatalog);
        c.keep(result.subscription);
        const invoiceId = result.invoiceId ? `in_${found.id}` : null;
        if (invoiceId) state.invoices.unshift(asInvoice({ ...prorationInvoiceFor(changePreviewFor(sub, change, state.sessionCatalog), invoiceId), poNumber: found.poNumber }));
        return save({ ...found, status: 'approved', decidedBy: decidedBy(), decisionComment: body.data.comment ?? null, invoiceId, decidedAt: FIXTURE_NOW.toISOString() });
      });
    }),
    http.post('*/v1/approval-requests/:id/reject', async ({ request, params }) => {
      const raw = await c.record(request);
      const denied = c.denied(request, 'approvals:manage');
      if (denied) return denied;
      const found = find(params.id);
      if (!found) return c.notFound('approval request');
      const body = ApprovalRejection.safeParse(raw ?? {});
      if (!body.success) return c.invalid('comment', 'A comment is required.');
      return undecided(found) ?? save({ ...found, status: 'rejected', decidedBy: decidedBy(), decisionComment: body.data.comment, decidedAt: FIXTURE_NOW.toISOString() });
    }),
    http.post('*/v1/approval-requests/:id/cancel', async ({ request, params }) => {
      await c.record(request);
      const denied = c.denied(request, 'subscriptions:change');
      if (denied) return denied;
      const found = find(params.id);
      if (!found) return c.notFound('approval request');
      return undecided(found) ?? save({ ...found, status: 'canceled', decidedBy: decidedBy(), decidedAt: FIXTURE_NOW.toISOString() });
    }),
  ];
}
