/**
 * B2B buying governance, the workflow part (issue #17): a company's purchasing policy, approval requests
 * for changes a member may not confirm alone, and the audit log of who changed what.
 */
import * as z from 'zod/mini';
import { Amount, CurrencyCode, Id, ListQuery, NonNegativeAmount, Timestamp } from './common.js';
import { Role } from './company.js';
import { ApprovalCheck } from './governance.js';
import { ChangePreview, SubscriptionChangeRequest } from './subscription.js';
import { PurchaseTerms } from './purchase-requests.js';
import { LocaleQuery } from './texts.js';

/** Amounts above which a change needs approval, in one currency (null: no limit of that kind). */
export const ApprovalThreshold = z.object({
  currency: CurrencyCode,
  /** Approval above this amount due now (the change's invoice, tax included). */
  amountDueNow: z.nullable(NonNegativeAmount),
  /** Approval above this increase of the yearly price (before tax). */
  annualizedIncrease: z.nullable(NonNegativeAmount),
});
export type ApprovalThreshold = z.infer<typeof ApprovalThreshold>;

/**
 * A company's purchasing policy. Members whose role is not in `rolesWithoutApproval` request approval
 * for a change above a threshold of its currency — or, with no threshold in that currency, for any change
 * that costs more. `allowedPlanIds` (null: all) limits what anyone of the company may buy or change to.
 */
export const PurchasingPolicy = z.object({
  object: z.literal('purchasing_policy'),
  companyId: Id,
  rolesWithoutApproval: z.array(Role),
  thresholds: z.array(ApprovalThreshold),
  allowedPlanIds: z.nullable(z.array(Id)),
  /** Days a request waits for a decision before it expires. */
  requestTtlDays: z.int().check(z.minimum(1), z.maximum(90)),
  /** Null while the company has the default policy (nobody needs approval). */
  updatedAt: z.nullable(Timestamp),
});
export type PurchasingPolicy = z.infer<typeof PurchasingPolicy>;

/** Sets some fields of the purchasing policy (billing admin in the widget, or the merchant's API). */
export const PurchasingPolicyUpdate = z.object({
  rolesWithoutApproval: z.optional(z.array(Role).check(z.maxLength(3))),
  thresholds: z.optional(z.array(ApprovalThreshold).check(z.maxLength(20))),
  allowedPlanIds: z.optional(z.nullable(z.array(Id).check(z.maxLength(200)))),
  requestTtlDays: z.optional(z.int().check(z.minimum(1), z.maximum(90))),
});
export type PurchasingPolicyUpdate = z.infer<typeof PurchasingPolicyUpdate>;

/** Where an approval request stands. */
export const ApprovalRequestStatus = z.enum(['pending', 'approved', 'rejected', 'expired', 'canceled']);
export type ApprovalRequestStatus = z.infer<typeof ApprovalRequestStatus>;

/** A member as a request names them. */
export const ApprovalPerson = z.object({ memberId: Id, name: z.string(), role: Role });

/** A change a member asked a billing admin to approve. */
export const ApprovalRequest = z.object({
  id: Id,
  object: z.literal('approval_request'),
  companyId: Id,
  status: ApprovalRequestStatus,
  /** `change` of a subscription, or `purchase` of a new one (`POST /v1/purchase-requests`); always sent by this server. */
  kind: z.optional(z.enum(['change', 'purchase'])),
  /** The subscription changed — for a purchase, the id the new subscription gets when approved (no such subscription before). */
  subscriptionId: Id,
  /**
   * The change as configured by the requester. For a purchase: the plan, billing interval, seats and
   * add-ons bought, as a change from nothing to version 1, effective now (the rest is in `purchase`).
   */
  change: SubscriptionChangeRequest,
  /** For a purchase: how it is paid (card: the company's default card, charged when approved; or invoice). */
  purchase: z.optional(z.nullable(PurchaseTerms)),
  /** The plan the change moves to, by name: in the list's and a request's `locale` where the merchant has texts (the catalog's), else as the merchant named it. */
  planName: z.string(),
  /**
   * The exact preview the requester saw when submitting. For a purchase: its first invoice (lines as
   * charges for the first period, `amountDueNow` what is charged or invoiced at approval).
   */
  requestedPreview: ChangePreview,
  /** Why the policy asked for approval. */
  approval: ApprovalCheck,
  poNumber: z.nullable(z.string()),
  note: z.nullable(z.string()),
  requestedBy: ApprovalPerson,
  decidedBy: z.nullable(ApprovalPerson),
  decisionComment: z.nullable(z.string()),
  /** The invoice the approved change created (null when it charged nothing now). */
  invoiceId: z.nullable(Id),
  expiresAt: Timestamp,
  decidedAt: z.nullable(Timestamp),
  createdAt: Timestamp,
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

/** How the preview recomputed now differs from the one requested (now − requested). */
export const PreviewDifference = z.object({
  amountDueNow: Amount,
  subtotal: Amount,
  tax: Amount,
  creditCreated: Amount,
  nextInvoiceTotal: Amount,
});
export type PreviewDifference = z.infer<typeof PreviewDifference>;

/**
 * One request with, while it is pending, the preview recomputed at this moment (what approving now
 * applies: send its `prorationDate` and `expectedVersion` back) and its difference from the requested
 * one — or why it cannot be applied any more (`currentError`).
 */
export const ApprovalRequestDetail = z.extend(ApprovalRequest, {
  currentPreview: z.nullable(ChangePreview),
  difference: z.nullable(PreviewDifference),
  currentError: z.nullable(z.object({ code: z.string(), message: z.string() })),
});
export type ApprovalRequestDetail = z.infer<typeof ApprovalRequestDetail>;

/** A member submits a change for approval instead of confirming it. */
export const ApprovalRequestCreate = z.object({
  subscriptionId: Id,
  change: SubscriptionChangeRequest,
  poNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  note: z.optional(z.string().check(z.maxLength(2000))),
});
export type ApprovalRequestCreate = z.infer<typeof ApprovalRequestCreate>;

/**
 * A billing admin approves what they were shown: the current preview's `prorationDate` (at most 15
 * minutes old) and the subscription version it was computed for. The engine applies exactly that.
 */
export const ApprovalDecision = z.object({
  prorationDate: Timestamp,
  expectedVersion: z.int().check(z.minimum(1)),
  comment: z.optional(z.string().check(z.maxLength(2000))),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/** A billing admin rejects a request, saying why. */
export const ApprovalRejection = z.object({ comment: z.string().check(z.minLength(1), z.maxLength(2000)) });

/** Filters of the approval requests list. */
export const ApprovalRequestListQuery = z.extend(ListQuery, { status: z.optional(ApprovalRequestStatus), ...LocaleQuery.shape });

/** Who made a change the audit log records. */
export const AuditActor = z.object({
  /** `member`: a buyer session; `merchant`: the secret key or a merchant session; `system`: the engine on its own. */
  type: z.enum(['member', 'merchant', 'system']),
  memberId: z.nullable(Id),
  /** The member's name as it is now (null for the merchant). */
  name: z.nullable(z.string()),
  /** The member's role when they made the change. */
  role: z.nullable(Role),
  /** The merchant credential: `secret_key` with the key's last characters, or `merchant_session` — in the merchant's listing only; null in a buyer's. */
  key: z.nullable(z.string()),
});
export type AuditActor = z.infer<typeof AuditActor>;

/** Kinds of objects the audit log covers. */
export const AuditObjectType = z.enum(['subscription', 'payment_method', 'member', 'purchasing_policy', 'approval_request', 'quote', 'commitment', 'invoice']);
export type AuditObjectType = z.infer<typeof AuditObjectType>;

/** One recorded change: who, when, what, and the fields before and after (only those that changed). */
export const AuditEntry = z.object({
  id: Id,
  object: z.literal('audit_entry'),
  companyId: z.nullable(Id),
  at: Timestamp,
  actor: AuditActor,
  /** `<object type>.created`, `.updated` or `.deleted`. */
  action: z.string(),
  objectType: AuditObjectType,
  objectId: Id,
  before: z.nullable(z.record(z.string(), z.unknown())),
  after: z.nullable(z.record(z.string(), z.unknown())),
  requestId: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Filters of the audit log (and of its CSV export, without paging). */
export const AuditFilters = z.object({
  objectType: z.optional(AuditObjectType),
  objectId: z.optional(Id),
  since: z.optional(Timestamp),
  until: z.optional(Timestamp),
});
export const AuditListQuery = z.extend(ListQuery, AuditFilters.shape);
