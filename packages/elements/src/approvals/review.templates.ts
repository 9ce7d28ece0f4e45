import { html, nothing, type TemplateResult } from 'lit';
import type { ApprovalRequestDetail, ChangePreview, PreviewDifference } from '@subkit/core';
import { date, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import type { ApprovalsStrings } from '../locales/approvals.js';
import { errorState, loadingState, skeleton } from '../templates/states.js';
import { changeLine } from './approvals.templates.js';
import type { Review, ReviewFlow } from './review-flow.js';
import { approve, reject } from './review-actions.js';

/** What the review dialog's templates need. */
export interface ReviewContext {
  s: ApprovalsStrings;
  locale: string;
  flow: ReviewFlow;
}

type Row = [label: string, requested: number, now: number, difference: number];

/** The amounts side by side: when requested, now (what approving applies), and the difference. */
function comparison(requested: ChangePreview, now: ChangePreview, difference: PreviewDifference, c: ReviewContext): TemplateResult {
  const { s, locale } = c;
  const m = (amount: number) => money(amount, now.currency, locale);
  const signed = (amount: number) => (amount > 0 ? `+${m(amount)}` : m(amount));
  const rows: Row[] = [
    [s.dueNow, requested.amountDueNow, now.amountDueNow, difference.amountDueNow],
    [s.rowSubtotal, requested.subtotal, now.subtotal, difference.subtotal],
    [s.rowTax, requested.tax, now.tax, difference.tax],
    [s.rowCredit, requested.creditCreated, now.creditCreated, difference.creditCreated],
    [`${s.rowNextInvoice} (${date(now.nextInvoice.date, locale)})`, requested.nextInvoice.total, now.nextInvoice.total, difference.nextInvoiceTotal],
  ];
  const changed = rows.some((r) => r[3] !== 0);
  return html`<p part=${changed ? 'changed' : 'same'} role=${changed ? 'alert' : nothing}>${changed ? s.changed : s.same}</p>
    <div part="table-scroll" tabindex="0" role="region" aria-labelledby="dialog-title">
      <table part="comparison">
        <thead>
          <tr>
            <th scope="col">${s.amount}</th>
            <th scope="col">${s.requested}</th>
            <th scope="col">${s.now}</th>
            <th scope="col">${s.difference}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ([label, before, after, diff]) => html`<tr part=${diff === 0 ? 'row' : 'row row-changed'}>
              <th scope="row">${label}</th>
              <td>${m(before)}</td>
              <td part="cell-now">${m(after)}</td>
              <td part="cell-difference">${diff === 0 ? '—' : signed(diff)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** The decision: a comment for the requester, approve (what is shown) or reject. */
function decision(review: Review, detail: ApprovalRequestDetail, c: ReviewContext): TemplateResult {
  const { s, locale, flow } = c;
  const preview = detail.currentPreview;
  const due = preview && preview.amountDueNow > 0 ? money(preview.amountDueNow, preview.currency, locale) : null;
  const busy = review.busy !== null;
  return html`<div part="field">
      <label part="label" for="decision-comment">${s.decisionComment}</label>
      <textarea
        part="input textarea"
        id="decision-comment"
        name="comment"
        rows="3"
        maxlength="2000"
        .value=${review.comment}
        aria-invalid=${review.commentError ? 'true' : 'false'}
        aria-describedby="decision-comment-hint decision-comment-error"
        @input=${(e: Event) => flow.comment((e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <span part="hint" id="decision-comment-hint">${s.decisionHint}</span>
      <span part="field-error" id="decision-comment-error">${review.commentError ?? ''}</span>
    </div>
    <div part="dialog-actions">
      ${preview
        ? html`<button part="button approve" type="button" ?disabled=${busy} aria-busy=${review.busy === 'approve' ? 'true' : 'false'} @click=${() => void approve(flow)}>
            ${due ? format(s.approveCharge, { amount: due }) : s.approve}
          </button>`
        : nothing}
      <button part="button button-secondary reject" type="button" ?disabled=${busy} aria-busy=${review.busy === 'reject' ? 'true' : 'false'} @click=${() => void reject(flow)}>
        ${s.reject}
      </button>
    </div>`;
}

function body(review: Review, c: ReviewContext): TemplateResult {
  const { s, flow } = c;
  const detail = review.detail.data;
  if (!detail) {
    if (review.detail.error) return errorState(s.previewError, review.detail.error, s, () => void flow.load());
    return loadingState(s.previewLoading, html`<div aria-hidden="true">${[60, 90, 90, 70].map((w) => skeleton({ inline: `${w}%` }, 'skeleton skeleton-line'))}</div>`);
  }
  const pending = detail.status === 'pending';
  return html`${detail.currentPreview && detail.difference ? comparison(detail.requestedPreview, detail.currentPreview, detail.difference, c) : nothing}
    ${pending && detail.currentError ? html`<p part="cannot-apply" role="alert">${s.cannotApply}</p>` : nothing}
    ${pending ? decision(review, detail, c) : nothing}`;
}

/** The review dialog of one request. */
export function reviewDialog(review: Review, c: ReviewContext): TemplateResult {
  const { s, locale, flow } = c;
  const message = review.message;
  return html`<dialog part="dialog" aria-labelledby="dialog-title" aria-busy=${review.detail.loading ? 'true' : 'false'} @cancel=${flow.dialog.cancel} @close=${flow.dialog.closed}>
    <header part="dialog-header">
      <h3 part="dialog-title" id="dialog-title">${format(s.reviewTitle, { plan: review.request.planName })}</h3>
      <button part="button button-secondary dialog-close" type="button" ?disabled=${review.busy !== null} @click=${() => flow.dialog.close()}>${s.close}</button>
    </header>
    <div part="dialog-body">
      <p part="dialog-summary">${changeLine(review.request, s, locale)}</p>
      ${message ? html`<p part="message message-${message.kind}" role=${message.kind === 'error' ? 'alert' : 'status'}>${message.text}</p>` : nothing}
      ${body(review, c)}
    </div>
  </dialog>`;
}
