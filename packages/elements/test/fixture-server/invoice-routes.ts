import { http, HttpResponse, type HttpHandler } from 'msw';
import { ConfirmPaymentRequest, isPayable, PayInvoiceRequest, PaymentResult, type Invoice } from '@subkit/core';
import { FIXTURE_NOW, paymentResultFor } from '../fixtures/checkout.js';
import { summaryOf } from '../fixtures/invoices.js';
import { apiError, page, type FixtureContext } from './core.js';

/** A small but real PDF document naming the invoice. */
function pdfOf(invoice: Invoice): Uint8Array {
  const text = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${invoice.number} ${invoice.total} ${invoice.currency}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The invoices (list with filters and cursors, detail, PDF, CSV export, credit notes), paying one, and the
 * bank's confirmation of a payment (a checkout's or an invoice's). Paying is stateful like the engine: the
 * invoice is paid with its attempt, and a past-due subscription it bills is active again.
 */
export function invoiceRoutes(c: FixtureContext): HttpHandler[] {
  const { state } = c;

  function filtered(query: URLSearchParams): Invoice[] {
    const [status, from, to, subscriptionId] = ['status', 'from', 'to', 'subscriptionId'].map((k) => query.get(k));
    // Newest first, as the engine lists them.
    return state.invoices
      .filter((invoice) => {
        const day = invoice.issuedAt.slice(0, 10);
        return (!status || invoice.status === status) && (!from || day >= from) && (!to || day <= to) && (!subscriptionId || invoice.subscriptionId === subscriptionId);
      })
      .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
  }

  /** True when the shop collects with Stripe (the catalog the session sees says so). */
  const withStripe = () => state.sessionCatalog.merchant.payments === 'stripe';

  /** Pays an invoice in full. */
  function settle(invoice: Invoice, paymentId: string): PaymentResult {
    const at = FIXTURE_NOW.toISOString();
    const attempt = { id: paymentId, at, amount: invoice.amountRemaining, status: 'succeeded' as const, paymentMethodId: 'pm_visa', failureCode: null, failureMessage: null, nextRetryAt: null };
    state.invoices = state.invoices.map((i) =>
      i.id === invoice.id ? { ...i, status: 'paid', amountPaid: i.amountDue, amountRemaining: 0, paidAt: at, paymentAttempts: [...i.paymentAttempts, attempt] } : i,
    );
    const subscription = state.subscriptions.find((s) => s.id === invoice.subscriptionId);
    // As the engine: a paid invoice puts a past-due subscription back in service (here each has one invoice open), an
    // unpaid one once none of its invoices is open, and starts an incomplete one.
    const owes = state.invoices.some((i) => i.subscriptionId === subscription?.id && i.status === 'open');
    if (subscription?.status === 'past_due' || (subscription?.status === 'unpaid' && !owes) || subscription?.status === 'incomplete') {
      c.keep({ ...subscription, status: 'active', paymentIssue: null, version: subscription.version + 1 });
    }
    return PaymentResult.parse({ object: 'payment', id: paymentId, status: 'succeeded', invoiceId: invoice.id, subscriptionId: invoice.subscriptionId, failureCode: null, failureMessage: null });
  }

  const result = (invoice: Invoice, id: string, status: PaymentResult['status'], failure: { code: string; message: string } | null = null) =>
    PaymentResult.parse({ object: 'payment', id, status, invoiceId: invoice.id, subscriptionId: invoice.subscriptionId, failureCode: failure?.code ?? null, failureMessage: failure?.message ?? null });

  return [
    http.get('*/v1/invoices', async ({ request }) => {
      await c.record(request);
      const denied = c.denied(request, 'invoices:read');
      if (denied) return denied;
      const query = new URL(request.url).searchParams;
      const limit = Number(query.get('limit') ?? 20);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return c.invalid('limit', 'limit must be 1–100');
      const list = filtered(query);
      let start = 0;
      const cursor = query.get('cursor');
      if (cursor) {
        const after = list.findIndex((i) => i.id === atob(cursor));
        if (after < 0) return apiError(400, 'invalid_request_error', 'invalid_cursor', 'The cursor is not valid.', { param: 'cursor' });
        start = after + 1;
      }
      const rows = list.slice(start, start + limit);
      const hasMore = start + limit < list.length;
      return page(rows.map(summaryOf), hasMore, hasMore ? btoa(rows[rows.length - 1]!.id) : null);
    }),
    http.get('*/v1/invoices/export.csv', async ({ request }) => {
      await c.record(request);
      const denied = c.denied(request, 'invoices:read');
      if (denied) return denied;
      const rows = filtered(new URL(request.url).searchParams).map((i) =>
        [i.number, i.issuedAt.slice(0, 10), i.periodStart.slice(0, 10), i.periodEnd.slice(0, 10), i.poNumber ?? '', i.currency, (i.total / 100).toFixed(2), i.status].map(csvCell).join(','),
      );
      const csv = ['number,issued,period_start,period_end,po_number,currency,total,status', ...rows].join('\n') + '\n';
      return new HttpResponse(csv, { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="invoices.csv"' } });
    }),
    http.get('*/v1/invoices/:invoiceId/pdf', async ({ request, params }) => {
      await c.record(request);
      const invoice = state.invoices.find((i) => i.id === params.invoiceId);
      return (
        c.denied(request, 'invoices:read') ??
        (invoice
          ? new HttpResponse(pdfOf(invoice), { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${invoice.number}.pdf"` } })
          : apiError(404, 'not_found_error', 'resource_missing', 'No such invoice.', { param: 'invoiceId' }))
      );
    }),
    http.get('*/v1/invoices/:invoiceId', async ({ request, params }) => {
      await c.record(request);
      const invoice = state.invoices.find((i) => i.id === params.invoiceId);
      return c.denied(request, 'invoices:read') ?? (invoice ? HttpResponse.json(invoice) : apiError(404, 'not_found_error', 'resource_missing', 'No such invoice.', { param: 'invoiceId' }));
    }),
    http.post('*/v1/invoices/:invoiceId/pay', async ({ request, params }) => {
      const body = await c.record(request);
      const denied = c.denied(request, 'invoices:pay');
      if (denied) return denied;
      return c.idempotent(request, () => {
        if (!PayInvoiceRequest.safeParse(body ?? {}).success) return c.invalid('paymentMethodId', 'paymentMethodId is invalid');
        const invoice = state.invoices.find((i) => i.id === params.invoiceId);
        if (!invoice) return apiError(404, 'not_found_error', 'resource_missing', 'No such invoice.', { param: 'invoiceId' });
        // As the engine answers (engine/payment-methods.ts): a conflict with the invoice's state, not a bad request.
        if (!isPayable(invoice.status)) return apiError(409, 'conflict_error', 'invoice_not_open', `Invoice ${invoice.number} is ${invoice.status}; only open or uncollectible invoices can be paid.`);
        switch (state.payOutcome) {
          case 'declined':
            return apiError(402, 'payment_error', 'card_declined', 'Your card was declined.', { declineCode: 'generic_decline' });
          case 'failed':
            return HttpResponse.json(result(invoice, `pay_${invoice.id}`, 'failed', { code: 'card_declined', message: 'Your card was declined.' }));
          case 'requires_action':
            state.pendingPayments.set('pay_sca_invoice', { invoiceId: invoice.id });
            // With Stripe, Stripe.js runs the bank's step with the PaymentIntent's client secret.
            return HttpResponse.json(
              withStripe()
                ? { ...result(invoice, 'pay_sca_invoice', 'requires_action'), nextAction: { type: 'stripe_confirm', paymentId: 'pay_sca_invoice', clientSecret: 'pi_sca_invoice_secret_fixture' } }
                : result(invoice, 'pay_sca_invoice', 'requires_action'),
            );
          default:
            return HttpResponse.json(settle(invoice, `pay_${invoice.id}_ok`));
        }
      });
    }),
    http.post('*/v1/payments/:paymentId/confirm', async ({ request, params }) => {
      const body = await c.record(request);
      const denied = c.denied(request);
      if (denied) return denied;
      const parsed = ConfirmPaymentRequest.safeParse(body);
      // The test processor's challenge needs the buyer's answer; with Stripe the server reads Stripe's (approved here).
      if (!parsed.success || (!parsed.data.outcome && !withStripe())) return c.invalid('outcome', 'outcome is required');
      const paymentId = String(params.paymentId);
      const pending = state.pendingPayments.get(paymentId);
      if (!pending) return c.notFound('payment');
      state.pendingPayments.delete(paymentId);
      const approved = (parsed.data.outcome ?? 'approve') === 'approve';
      const failure = approved ? null : { code: 'authentication_failed', message: 'The bank could not authenticate this payment.' };
      const invoice = state.invoices.find((i) => i.id === pending.invoiceId);
      if (invoice) return HttpResponse.json(approved ? settle(invoice, paymentId) : result(invoice, paymentId, 'failed', failure));
      // A checkout's first payment: its subscription is active (or trialing) once the bank confirms.
      const subscription = state.subscriptions.find((s) => s.id === pending.subscriptionId);
      if (subscription && approved) c.keep({ ...subscription, status: subscription.trialEnd ? 'trialing' : 'active', version: subscription.version + 1 });
      return HttpResponse.json(paymentResultFor(parsed.data.outcome ?? 'approve'));
    }),
    http.get('*/v1/credit-notes', async ({ request }) => {
      await c.record(request);
      const invoiceId = new URL(request.url).searchParams.get('invoiceId');
      return c.denied(request, 'invoices:read') ?? page(state.creditNotes.filter((n) => !invoiceId || n.invoiceId === invoiceId));
    }),
  ];
}
