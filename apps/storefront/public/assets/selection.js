// Carries the plan chosen on the pricing page to the checkout page: in the URL (so the link can be
// shared or reloaded) and in sessionStorage (so "Checkout" in the nav returns to the last choice).

const SELECTION_KEY = 'storefront.selection';

/** Encodes a `subkit-plan-selected` detail as checkout-page query parameters. */
export function selectionToQuery(detail) {
  const query = new URLSearchParams({
    plan: detail.planId,
    currency: detail.currency,
    interval: detail.recurring.interval,
    every: String(detail.recurring.intervalCount),
    seats: String(detail.quantity),
  });
  if (detail.priceId) query.set('price', detail.priceId);
  if (detail.addOns?.length) {
    query.set('addons', detail.addOns.map((a) => (a.quantity ? `${a.addOnId}:${a.quantity}` : a.addOnId)).join(','));
  }
  return query;
}

/** Decodes checkout-page query parameters; null when no plan is named. */
export function selectionFromQuery(search) {
  const query = new URLSearchParams(search);
  const planId = query.get('plan');
  if (!planId) return null;
  const count = Number.parseInt(query.get('every') ?? '1', 10);
  const seats = Number.parseInt(query.get('seats') ?? '1', 10);
  return {
    planId,
    priceId: query.get('price'),
    currency: query.get('currency') ?? undefined,
    recurring: { interval: query.get('interval') ?? 'month', intervalCount: Number.isFinite(count) && count > 0 ? count : 1 },
    quantity: Number.isFinite(seats) && seats > 0 ? seats : 1,
    addOns: (query.get('addons') ?? '')
      .split(',')
      .filter(Boolean)
      .map((part) => {
        const [addOnId, quantity] = part.split(':');
        return quantity ? { addOnId, quantity: Number.parseInt(quantity, 10) } : { addOnId };
      }),
  };
}

/** Remembers the last choice for this tab. */
export function rememberSelection(detail) {
  try {
    sessionStorage.setItem(SELECTION_KEY, JSON.stringify(detail));
  } catch {
    /* storage disabled: the URL still carries the choice */
  }
}

/** The last choice of this tab, or null. */
export function recalledSelection() {
  try {
    const raw = sessionStorage.getItem(SELECTION_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}
