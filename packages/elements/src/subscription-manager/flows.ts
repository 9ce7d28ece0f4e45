import type { InvoiceSummary, SessionInfo, Subscription } from '@subkit/core';
import { PaymentElementController, type StripeLike, type StripeLoader } from '../internal/payment-element.js';
import { ManagerDialog, type ManagerContext } from './manager-dialog.js';
import type { DialogsLoader } from './dialogs-loader.js';
import { ChangeFlow } from './change-flow.js';
import { PauseFlow } from './pause-flow.js';
import { CancelFlow } from './cancel-flow.js';
import { CardFlow } from './card-flow.js';
import { PayFlow } from './pay-flow.js';

/** What the flows read from the widget. */
export interface FlowSources {
  session(): SessionInfo | null;
  /** The open invoice of a past-due subscription (what "pay now" pays). */
  openInvoice(subscription: Subscription): InvoiceSummary | null;
  /** The currency a new card is set up in. */
  currency(): string;
  /** The page's Stripe.js loader (the element's `loadStripe`). */
  loadStripe(): StripeLoader;
}

/** The manager's dialog, its flows and Stripe's Payment Element: made when the dialogs' code arrives, kept as long as the widget. */
export interface Flows {
  dialog: ManagerDialog;
  change: ChangeFlow;
  pause: PauseFlow;
  cancel: CancelFlow;
  card: CardFlow;
  pay: PayFlow;
  paymentElement: PaymentElementController;
  /** True while any flow runs. */
  readonly busy: boolean;
}

/** The dialog and flows of a manager (fetched with the dialogs, `dialogs.view`): the list alone loads without them. */
export function createFlows(context: ManagerContext, list: DialogsLoader, sources: FlowSources): Flows {
  const dialog = new ManagerDialog(context, list);
  const paymentElement = new PaymentElementController(context.host);
  const catalog = () => context.catalog();
  /** Stripe.js for a step on a saved card (3-D Secure of a change or of "pay now"), when Stripe collects the payments. */
  const stripe = (): Promise<StripeLike | null> | null => {
    const c = catalog();
    return c?.merchant.payments === 'stripe' ? paymentElement.load(c.stripePublishableKey, sources.loadStripe()) : null;
  };
  const change = new ChangeFlow(context, dialog, () => sources.session(), stripe);
  const pause = new PauseFlow(context, dialog);
  const cancel = new CancelFlow(context, dialog);
  const card = new CardFlow(context, dialog, paymentElement, () => {
    const c = catalog();
    if (c?.merchant.payments !== 'stripe') return null;
    return { key: c.stripePublishableKey ?? null, load: sources.loadStripe(), currency: sources.currency() };
  });
  const pay = new PayFlow(context, dialog, (s) => sources.openInvoice(s), stripe);
  return {
    dialog, change, pause, cancel, card, pay, paymentElement,
    get busy() {
      return !!change.busy || pause.busy || !!cancel.busy || card.busy || !!pay.busy;
    },
  };
}
