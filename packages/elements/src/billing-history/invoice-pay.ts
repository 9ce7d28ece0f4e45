// Paying an open invoice from its dialog: fetched with the dialog's code (invoice-detail.view), so the list
// alone loads without it. The dialog's state is the InvoiceDetail's (invoice-detail.ts).
import { paymentsStore } from '@subkit/client';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import { isDeclined } from '../rules/selectors.js';
import { SubkitErrorEvent } from '../events/common.js';
import { InvoicePaidEvent } from '../events/billing-history.js';
import type { InvoiceDetail } from './invoice-detail.js';

/** Pays the open invoice of the dialog with the company's default payment method. */
export async function pay(flow: InvoiceDetail): Promise<void> {
  const client = flow.client();
  const detail = flow.detail;
  const invoice = detail?.invoice.data;
  if (!client || !detail || !invoice || detail.paying) return;
  const s = flow.strings();
  const host = flow.host;
  flow.set({ ...detail, paying: true, payMessage: null });
  const result = await paymentsStore(client).payInvoice(invoice.id);
  if (flow.detail?.id !== invoice.id) return;
  if (!result.ok) {
    flow.set({ ...flow.detail, paying: false, payMessage: { kind: 'error', text: isDeclined(result.error) ? s.payDeclined : errorMessage(result.error, s) } });
    await host.updateComplete;
    host.dispatchEvent(new SubkitErrorEvent({ error: result.error, source: 'billing-history:pay' }));
    return;
  }
  const payment = result.data;
  if (payment.status !== 'succeeded') {
    const note = payment.status === 'requires_action';
    flow.set({ ...flow.detail, paying: false, payMessage: { kind: note ? 'note' : 'error', text: note ? s.payRequiresAction : s.payDeclined } });
    return;
  }
  const text = format(s.paid, { number: invoice.number });
  flow.set({ ...flow.detail, paying: false, confirmingPay: false, payMessage: { kind: 'success', text } });
  flow.announce(text);
  void flow.load(invoice.id, invoice.creditNoteIds.length > 0);
  await host.updateComplete;
  host.dispatchEvent(
    new InvoicePaidEvent({ invoiceId: invoice.id, subscriptionId: invoice.subscriptionId, payment, number: invoice.number, amount: invoice.amountRemaining, currency: invoice.currency }),
  );
}
