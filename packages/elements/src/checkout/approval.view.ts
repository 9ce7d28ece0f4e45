import { adoptStyles, css, html, nothing, type LitElement, type TemplateResult } from 'lit';
import type { ApprovalRequest, CheckoutPreview, PurchaseApprovalCheck, PurchaseRequestCreate } from '@subkit/core';
import { catalogStore, draftStore, type SubkitError } from '@subkit/client';
import { date, money } from '../internal/format.js';
import { LocaleController } from '../internal/locale-controller.js';
import { format } from '../locales/locales.js';
import { checkoutApprovalLocales, type CheckoutApprovalStrings } from '../locales/checkout-approval.js';
import { SubkitErrorEvent } from '../events/common.js';
import { requestFields, sendForApproval, type RequestFields } from '../templates/approval-request.js';
import { billing, explain, loadRefusals, refusedValue, showOnField } from './checkout-answer.js';
import type { CheckoutForm } from './checkout-form.js';
import type { CheckoutPurchase, PurchaseContext } from './checkout-purchase.js';

/**
 * The checkout's governed purchase (issue #17), a chunk fetched when a preview first says the company's
 * purchasing policy has a say: when a billing admin must approve the purchase, the review step — why (the
 * limit and the order's amount), the exact total due today, the PO number and a note, and "Submit for
 * approval" in place of the order button — then the confirmation of what was sent; when the policy does
 * not include the plan, a sentence saying so instead of a generic error. The request goes out as the
 * manager's changes do (templates/approval-request.ts).
 */
export class ApprovalStep {
  /** The PO number and note, as typed. */
  fields: RequestFields;
  /** Errors the server gave the PO number or the note. */
  errors: Partial<RequestFields> = {};
  busy = false;
  /** The error above the button. */
  error = '';
  /** A refusal of the request above the button (explained in the buyer's language as a refused order is: checkout-answer's `explain`). */
  refusal: SubkitError | null = null;
  /** The request sent, once sent. */
  sent: ApprovalRequest | null = null;
  readonly #l: LocaleController<CheckoutApprovalStrings>;
  /** What a purchase needs from the checkout: the approval step needs the same. */
  private readonly context: PurchaseContext;

  constructor(
    private readonly host: LitElement,
    /** The checkout's purchase: its context (and, per purchase, the words for refusals checkout-answer fetches). */
    private readonly purchase: CheckoutPurchase,
    private readonly form: CheckoutForm,
  ) {
    this.context = purchase.context;
    this.#l = new LocaleController(host, checkoutApprovalLocales);
    // The step's styles after the widget's own, as if they had been bundled with it.
    adoptStyles(host.shadowRoot!, [...(host.constructor as typeof LitElement).elementStyles, styles]);
    // A PO number typed in the invoice section before the policy had its say is kept.
    this.fields = { poNumber: form.values.poNumber, note: '' };
    host.requestUpdate();
  }

  /** The step's strings, in the checkout's language. */
  get strings(): CheckoutApprovalStrings {
    return this.#l.strings;
  }

  #update(patch: Partial<Pick<ApprovalStep, 'fields' | 'errors' | 'busy' | 'error' | 'refusal' | 'sent'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  /** Why a billing admin must approve: the order's amount and the limit it passes (due today before yearly), or the buyer's role. */
  #reason(approval: PurchaseApprovalCheck, preview: CheckoutPreview): string {
    const a = this.strings;
    const m = (amount: number) => money(amount, preview.currency, this.#l.locale);
    const limit = approval.threshold;
    if (approval.reasons.includes('amount_due_now') && limit?.amountDueNow != null) return format(a.approvalOverDueNow, { amount: m(preview.amountDueToday), limit: m(limit.amountDueNow) });
    if (approval.reasons.includes('annualized_increase') && limit?.annualizedIncrease != null) {
      return format(a.approvalOverYearly, { amount: m(approval.annualizedIncrease), limit: m(limit.annualizedIncrease) });
    }
    return a.approvalRole;
  }

  /**
   * The step, in place of the order button: a submit button of the checkout's form, so Enter in a field sends
   * it too. `refused`: Place order was refused because the order needs approval now — a notice says nothing
   * was bought and the order is kept (the checkout focuses it).
   */
  area(preview: CheckoutPreview, approval: PurchaseApprovalCheck, refused = false): TemplateResult {
    const a = this.strings;
    const s = this.context.strings();
    return html`<div part="submit-area approval" role="group" aria-labelledby="approval-title">
      <h3 part="approval-title" id="approval-title">${a.approvalTitle}</h3>
      ${refused ? html`<p part="approval-notice" id="approval-notice" tabindex="-1">${a.approvalAtSubmit}</p>` : nothing}
      <p part="approval-reason" id="approval-reason">${this.#reason(approval, preview)}</p>
      <p part="approval-total"><span>${a.approvalTotal}</span> <strong>${money(preview.amountDueToday, preview.currency, this.#l.locale)}</strong></p>
      ${requestFields({
        id: 'approval',
        values: this.fields,
        labels: { poNumber: s.poNumber, note: a.approvalNote },
        errors: this.errors,
        // Typing in a field the server refused clears its error.
        onInput: (field) => this.errors[field] && this.#update({ errors: { ...this.errors, [field]: undefined } }),
      })}
      <p part="form-error" role="alert">${this.error || (this.refusal ? explain(this.purchase, this.refusal) : '')}</p>
      <button part="button submit" type="submit" form="checkout-form" ?disabled=${this.busy} aria-disabled=${this.busy ? 'true' : 'false'} aria-describedby="approval-reason">
        ${this.busy ? a.submittingForApproval : a.submitForApproval}
      </button>
    </div>`;
  }

  /** What was sent: the plan and what is due today, who decides and when it expires, where the outcome shows, its PO number. */
  sentView(): TemplateResult {
    const a = this.strings;
    const request = this.sent!;
    const preview = request.requestedPreview;
    const locale = this.#l.locale;
    return html`<div part="request-sent success" role="status" tabindex="-1">
      <h3 part="success-title">${a.requestSentTitle}</h3>
      <p>${format(a.requestSent, { plan: request.planName, amount: money(preview.amountDueNow, preview.currency, locale), date: date(request.expiresAt, locale) })}</p>
      <p>${a.requestSentOutcome}</p>
      ${request.poNumber ? html`<p>${format(a.requestSentPo, { po: request.poNumber })}</p>` : nothing}
    </div>`;
  }

  /** In place of the order summary when the company's policy does not include the plan (403 `plan_not_allowed`). */
  planNotAllowed(): TemplateResult {
    return html`<p part="error plan-not-allowed" role="alert">${this.strings.planNotAllowed}</p>`;
  }

  /**
   * Sends the draft as a purchase request: the order as the checkout prices it, paid once approved by the
   * company's default card or by invoice, with the PO number and the note.
   */
  async submit(): Promise<void> {
    const { form, context, host } = this;
    const client = context.client();
    const checkout = context.checkout();
    if (!client || !checkout || this.busy) return;
    const s = context.strings();
    this.#update({ error: '', errors: {}, refusal: null });
    if (!form.check()) return this.#update({ error: s.fixFields });
    this.#update({ busy: true });
    try {
      draftStore(client).updateDraft({ billing: billing(form) });
      const paymentMethod = context.method();
      const invoiceEmail = paymentMethod === 'invoice' ? form.values.invoiceEmail.trim() : '';
      const order = checkout.$order.get();
      // The order as the checkout prices it (an open currency is the catalog's default, as in its preview).
      const purchase = { ...order, currency: order.currency ?? catalogStore(client).$catalog.get().data?.defaultCurrency, paymentMethod, ...(invoiceEmail ? { invoiceEmail } : {}) } as PurchaseRequestCreate;
      const result = await sendForApproval(host, client, { purchase }, this.fields);
      if (!result.ok) return this.#failed(result.error);
      checkout.resetDraft();
      form.reset();
      this.#update({ sent: result.data, fields: { poNumber: '', note: '' } });
      await host.updateComplete;
      host.shadowRoot?.querySelector<HTMLElement>('[part~="request-sent"]')?.focus();
    } finally {
      this.#update({ busy: false });
    }
  }

  /** A refused request: on the PO number or the note, or on a field of the form, when the server named one; else above the button. */
  async #failed(error: SubkitError): Promise<void> {
    const s = this.context.strings();
    const param = error.param as keyof RequestFields | null;
    if (param === 'poNumber' || param === 'note') {
      this.#update({ errors: { [param]: refusedValue(error, s) }, error: s.fixFields });
      await this.host.updateComplete;
      this.host.shadowRoot?.querySelector<HTMLElement>(`#approval-${param === 'poNumber' ? 'po' : 'note'}`)?.focus();
    } else if (error.code === 'plan_not_allowed') this.#update({ error: this.strings.planNotAllowed });
    else if (showOnField(this.form, error, s, this.context.shown)) this.#update({ error: s.fixFields });
    // A refusal the buyer can act on (no default card, invoices not allowed) says why, as a purchase's does.
    else {
      await loadRefusals(this.purchase);
      this.#update({ refusal: error });
    }
    this.host.dispatchEvent(new SubkitErrorEvent({ error, source: 'checkout:approval' }));
  }
}

const styles = css`
  @layer subkit.component {
    [part~='approval'] {
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-inline-start: 3px solid var(--_primary);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    [part~='approval-title'] {
      margin: 0;
      font-size: 1em;
    }
    [part~='approval-reason'],
    [part~='plan-not-allowed'] {
      margin: 0;
    }
    [part~='approval-notice'] {
      margin: 0;
      font-weight: 600;
    }
    [part~='approval-total'] {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: var(--_space);
    }
  }
`;
