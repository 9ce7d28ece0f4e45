import { html, nothing, type TemplateResult } from 'lit';
import type { ApprovalRequest } from '@subkit/core';
import { count, date, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import type { ApprovalsStrings } from '../locales/approvals.js';
import { fillParts } from '../templates/parts.js';
import { loadingState, skeleton } from '../templates/states.js';
import type { RequestCard, RequestsView } from './request-cards.js';

/** What the list's templates need. */
export interface ListContext {
  s: ApprovalsStrings;
  locale: string;
  /** Request ids whose withdrawal is on its way. */
  withdrawing: ReadonlySet<string>;
  onReview(request: ApprovalRequest, event: Event): void;
  onWithdraw(request: ApprovalRequest): void;
}

const table = (s: ApprovalsStrings) => s as ApprovalsStrings & Record<string, string>;

/** Three placeholder cards while the requests load. */
export function listSkeleton(s: ApprovalsStrings): TemplateResult {
  return loadingState(s.loading, html`<div aria-hidden="true">${[0, 1, 2].map(() => skeleton({ block: '5.5em' }, 'skeleton skeleton-card'))}</div>`);
}

/** The requests waiting for a decision, then those decided. */
export function requestLists(view: RequestsView, c: ListContext): TemplateResult {
  return html`<section part="group" aria-labelledby="pending-heading">
      <h3 part="group-title" id="pending-heading">${c.s.pendingHeading}</h3>
      ${view.pending.length ? html`<ul part="requests" role="list">${view.pending.map((card) => requestCard(card, c))}</ul>` : html`<p part="empty">${c.s.noPending}</p>`}
    </section>
    ${view.decided.length
      ? html`<section part="group" aria-labelledby="decided-heading">
          <h3 part="group-title" id="decided-heading">${c.s.decidedHeading}</h3>
          <ul part="requests" role="list">${view.decided.map((card) => requestCard(card, c))}</ul>
        </section>`
      : nothing}`;
}

/**
 * What a request asks for, in one line: "Change to Business · 12 seats · takes effect at once", or for a
 * new purchase "New subscription to Growth · 25 seats · paid by invoice".
 */
export function changeLine(request: ApprovalRequest, s: ApprovalsStrings, locale: string): string {
  const t = table(s);
  const purchase = request.purchase;
  const parts = [format(purchase ? s.purchaseOf : s.changeTo, { plan: request.planName })];
  if (request.change.quantity !== undefined) parts.push(format(s.seats, { count: count(request.change.quantity, locale) }));
  parts.push(t[purchase ? `paidBy_${purchase.paymentMethod}` : `effective_${request.change.effective ?? request.requestedPreview.effective}`]!);
  return parts.join(' · ');
}

/** Who asked and when, and why the policy asked for approval. */
function facts(request: ApprovalRequest, s: ApprovalsStrings, locale: string): TemplateResult {
  const t = table(s);
  const m = (amount: number) => money(amount, request.requestedPreview.currency, locale);
  const rows: [string, TemplateResult | string][] = [
    [s.dueNow, m(request.requestedPreview.amountDueNow)],
    [s.yearlyIncrease, m(request.approval.annualizedIncrease)],
    [s.poNumber, request.poNumber ? html`<bdi>${request.poNumber}</bdi>` : '—'],
  ];
  if (request.approval.reasons.length) rows.push([s.why, new Intl.ListFormat(locale).format(request.approval.reasons.map((r) => t[`reason_${r}`] ?? r))]);
  if (request.note) rows.push([s.note, html`<bdi>${request.note}</bdi>`]);
  return html`<dl part="facts">
    ${rows.map(([term, value]) => html`<div part="fact"><dt part="fact-term">${term}</dt><dd part="fact-value">${value}</dd></div>`)}
  </dl>`;
}

/** A decided request's outcome: who decided when, and the comment they left. */
function outcome(request: ApprovalRequest, s: ApprovalsStrings, locale: string): TemplateResult | typeof nothing {
  if (request.status === 'pending') return html`<p part="expires">${format(s.expires, { date: date(request.expiresAt, locale) })}</p>`;
  const t = table(s);
  const when = date(request.decidedAt ?? request.expiresAt, locale);
  const who = html`<bdi>${request.decidedBy?.name ?? ''}</bdi>`;
  return html`<p part="outcome outcome-${request.status}">${fillParts(t[`outcome_${request.status}`]!, { name: who, date: when })}</p>
    ${request.decisionComment
      ? html`<blockquote part="comment"><span class="visually-hidden">${s.comment}: </span><bdi>${request.decisionComment}</bdi></blockquote>`
      : nothing}`;
}

function requestCard(card: RequestCard, c: ListContext): TemplateResult {
  const { request } = card;
  const { s, locale } = c;
  const t = table(s);
  const titleId = `request-${request.id}`;
  const requester = html`<bdi>${request.requestedBy.name}</bdi>`;
  return html`<li part="request request-${request.status}" data-id=${request.id} aria-labelledby=${titleId}>
    <div part="request-header">
      <h4 part="request-title" id=${titleId}>${changeLine(request, s, locale)}</h4>
      <span part="badge badge-${request.status}">${t[`status_${request.status}`]}</span>
    </div>
    <p part="requested-by">
      ${fillParts(s.requestedBy, { name: requester, role: t[`role_${request.requestedBy.role}`]!, date: date(request.createdAt, locale) })}
    </p>
    ${facts(request, s, locale)} ${outcome(request, s, locale)}
    ${card.canDecide || card.canWithdraw
      ? html`<div part="actions">
          ${card.canDecide
            ? html`<button part="button review" type="button" aria-describedby=${titleId} @click=${(e: Event) => c.onReview(request, e)}>${s.review}</button>`
            : nothing}
          ${card.canWithdraw && !card.canDecide
            ? html`<button
                part="button button-secondary withdraw"
                type="button"
                aria-describedby=${titleId}
                ?disabled=${c.withdrawing.has(request.id)}
                @click=${() => c.onWithdraw(request)}
              >
                ${s.withdraw}
              </button>`
            : nothing}
        </div>`
      : nothing}
  </li>`;
}
