// Core's tax ID rules, a chunk of their own: the checkout fetches them when the page is idle or an id is
// entered (CheckoutForm.loadTaxRules), not with its first render.
export { validateTaxId } from '@subkit/core';
