import type { SubkitConnection } from '../transport.js';
import { defineStore } from './store.js';

/**
 * What happened that other stores follow:
 * - `purchase`: something was bought or changed (a checkout, a plan change) — subscriptions and invoices reload;
 * - `paid`: an invoice was paid, or a payment confirmed (`invoiceId` names the invoice) — subscriptions
 *   reload (a past-due one is active again) and the invoice's row is refreshed in place, so a long list
 *   keeps its loaded pages;
 * - `invoiced`: a cancellation or an accepted retention offer may have invoiced or credited — invoices reload;
 * - `payment-method`: a payment method was saved, made the default or removed — the saved ones reload (a new
 *   default changes the others too).
 */
export type Happening = 'purchase' | 'paid' | 'invoiced' | 'payment-method';

/** What a happening carries: the invoice a payment was for. */
export interface HappeningDetail {
  invoiceId?: string | null;
}

/**
 * The reactions between the stores of one client, in one place. Besides the happenings above: when the
 * buyer session changes (another buyer, or none), every store scoped to the session forgets the last
 * buyer's data and reloads when a widget shows it or it had loaded; the catalog reloads too, since
 * contract prices depend on the company. Each store registers what it does; actions only say what happened.
 */
export interface Reactions {
  /** Registers a reload to run after a happening. */
  on(happening: Happening, reload: (detail: HappeningDetail) => Promise<unknown>): void;
  /** Tells the stores that follow a happening; resolves once they reloaded. */
  emit(happening: Happening, detail?: HappeningDetail): Promise<void>;
  /** Registers what a store does when the buyer session changes. */
  onSessionChange(react: () => void): void;
}

/** The reactions of a client's stores. */
export const reactions = defineStore<Reactions>('reactions', (client: SubkitConnection) => {
  const followers: Partial<Record<Happening, ((detail: HappeningDetail) => Promise<unknown>)[]>> = {};
  const sessionFollowers: (() => void)[] = [];
  client.onSessionChange(() => {
    for (const react of sessionFollowers) react();
  });
  return {
    on: (happening, reload) => void (followers[happening] ??= []).push(reload),
    emit: async (happening, detail = {}) => void (await Promise.all((followers[happening] ?? []).map((reload) => reload(detail)))),
    onSessionChange: (react) => void sessionFollowers.push(react),
  };
});
