import { SubkitProvider } from './provider/provider.js';
import { SubkitPlanPicker } from './plan-picker/plan-picker.js';
import { SubkitCheckout } from './checkout/checkout.js';
import { SubkitBillingHistory } from './billing-history/billing-history.js';
import { SubkitSubscriptionManager } from './subscription-manager/subscription-manager.js';

/** Every subkit tag and its class; the provider first, so widgets parsed inside it find it on upgrade. */
const elements: ReadonlyArray<readonly [string, CustomElementConstructor]> = [
  ['subkit-provider', SubkitProvider],
  ['subkit-plan-picker', SubkitPlanPicker],
  ['subkit-checkout', SubkitCheckout],
  ['subkit-billing-history', SubkitBillingHistory],
  ['subkit-subscription-manager', SubkitSubscriptionManager],
];

// A page may load the bundle twice (two apps, a CDN and a package): the first definition wins.
for (const [name, constructor] of elements) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
