// Stripe.js as the widgets use it, and its loader: a module of its own so that a widget can name the loader as
// its `loadStripe` default without bringing the Payment Element's code (which its card code imports).

/** Stripe Elements as widgets use them. */
export interface StripeElementsLike {
  create(type: 'payment', options?: Record<string, unknown>): { mount(target: HTMLElement): void; destroy(): void };
  submit(): Promise<{ error?: { message?: string } }>;
}

/** The slice of Stripe.js widgets use; a loader resolves to it (tests pass a fake of this shape). */
export interface StripeLike {
  elements(options: { mode: 'subscription' | 'setup'; currency: string; amount?: number; appearance?: Record<string, unknown> }): StripeElementsLike;
  createPaymentMethod(options: { elements: StripeElementsLike }): Promise<{ paymentMethod?: { id: string }; error?: { message?: string } }>;
  handleNextAction(options: { clientSecret: string }): Promise<{ error?: { message?: string } }>;
}

/** Loads Stripe.js for a publishable key. */
export type StripeLoader = (publishableKey: string) => Promise<StripeLike | null>;

/** Stripe.js's loader, imported only when a card form is first shown: never part of the main bundle. */
export const loadStripeLazily: StripeLoader = async (publishableKey) => {
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  return (await loadStripe(publishableKey)) as unknown as StripeLike | null;
};
