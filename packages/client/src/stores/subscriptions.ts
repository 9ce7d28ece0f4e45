import { atom, type ReadableAtom } from 'nanostores';
import type { Subscription } from '@subkit/core/schemas';
import { getSubscription, listSubscriptions } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { reactions } from './reactions.js';
import { defineStore, idle, inUse, loadOnMount, loader, type Remote } from './store.js';

/** The company's subscriptions (what a buyer can do to them: `subscriptionActions`). */
export interface SubscriptionsStore {
  $subscriptions: ReadableAtom<Remote<Subscription[]>>;
  /** Loads every subscription of the company (all pages). */
  loadSubscriptions(): Promise<Result<Subscription[]>>;
  /** Loads one subscription as the server has it now, and puts it into the list (when the list is loaded). */
  loadSubscription(subscriptionId: string): Promise<Result<Subscription>>;
  /** Puts a subscription the server answered into the list (when the list is loaded). */
  upsertSubscription(subscription: Subscription): void;
}

/** The subscriptions store of a client; it loads itself when a widget first shows it and a session is known. */
export const subscriptionsStore = defineStore<SubscriptionsStore>('subscriptions', (client) => {
  const $subscriptions = atom<Remote<Subscription[]>>(idle());
  const load = loader($subscriptions);

  function loadSubscriptions(): Promise<Result<Subscription[]>> {
    return load.run('', async () => {
      const all: Subscription[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await client.send(listSubscriptions, { query: { limit: 100, cursor } });
        if (!page.ok) return page;
        all.push(...page.data.data);
        if (!page.data.hasMore || !page.data.nextCursor) return ok(all);
        cursor = page.data.nextCursor;
      }
    });
  }

  function upsertSubscription(subscription: Subscription): void {
    const state = $subscriptions.value!;
    if (!state.data) return;
    const index = state.data.findIndex((s) => s.id === subscription.id);
    const data = index < 0 ? [...state.data, subscription] : state.data.map((s, i) => (i === index ? subscription : s));
    $subscriptions.set({ ...state, data });
  }

  async function loadSubscription(subscriptionId: string): Promise<Result<Subscription>> {
    const result = await client.send(getSubscription, { params: { subscriptionId } });
    if (result.ok) upsertSubscription(result.data);
    return result;
  }

  loadOnMount($subscriptions, client, loadSubscriptions, 'session');
  const react = reactions(client);
  react.on('purchase', loadSubscriptions);
  react.on('paid', loadSubscriptions);
  react.onSessionChange(() => {
    const reload = inUse($subscriptions);
    load.reset();
    if (reload && client.signedIn) void loadSubscriptions();
  });
  return { $subscriptions, loadSubscriptions, loadSubscription, upsertSubscription };
});
