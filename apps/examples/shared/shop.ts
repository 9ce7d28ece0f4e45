// What every example storefront does before showing a widget, in one place: ask the shop's backend (the
// reference server) for its public configuration, and give the widgets a session hook that asks the same
// backend for a short-lived buyer session — here for the demo's purchaser at Acme, as its login would.

/** The connection every widget of an example gets. */
export interface Shop {
  readonly apiBase: string;
  readonly publishableKey: string;
  readonly getSession: () => Promise<{ token: string; expiresAt: string }>;
}

/** The demo buyer the examples sign in as (a purchaser: may buy). */
export const BUYER = 'acme-purchaser';

/** Loads the shop's configuration from its backend (same origin, or proxied by Vite's dev server). */
export async function loadShop(): Promise<Shop> {
  const response = await fetch('/storefront/config', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The shop's configuration is unavailable (HTTP ${response.status}).`);
  const config = (await response.json()) as { publishableKey: string };
  return {
    apiBase: location.origin,
    publishableKey: config.publishableKey,
    async getSession() {
      const session = await fetch('/storefront/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ customerId: BUYER }),
      });
      if (!session.ok) throw new Error(`Could not sign in (HTTP ${session.status}).`);
      return (await session.json()) as { token: string; expiresAt: string };
    },
  };
}
