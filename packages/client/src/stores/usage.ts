import { atom, type ReadableAtom } from 'nanostores';
import type { UsageSummary } from '@subkit/core/schemas';
import { getUsage } from '@subkit/core/endpoints';
import type { Result } from '../errors.js';
import { reactions } from './reactions.js';
import { defineStore, idle, type Remote } from './store.js';

/** Metered usage so far this period and the projected bill, per subscription. */
export interface UsageStore {
  $usage: ReadableAtom<Record<string, Remote<UsageSummary>>>;
  /** Loads the usage summary of one subscription. */
  loadUsage(subscriptionId: string): Promise<Result<UsageSummary>>;
}

/** The usage store of a client. */
export const usageStore = defineStore<UsageStore>('usage', (client) => {
  const $usage = atom<Record<string, Remote<UsageSummary>>>({});
  const set = (subscriptionId: string, remote: Remote<UsageSummary>) => $usage.set({ ...$usage.value!, [subscriptionId]: remote });

  async function loadUsage(subscriptionId: string): Promise<Result<UsageSummary>> {
    set(subscriptionId, { ...($usage.value![subscriptionId] ?? idle()), loading: true });
    const result = await client.send(getUsage, { params: { subscriptionId } });
    set(subscriptionId, result.ok ? { data: result.data, error: null, loading: false } : { data: $usage.value![subscriptionId]?.data ?? null, error: result.error, loading: false });
    return result;
  }

  reactions(client).onSessionChange(() => $usage.set({}));
  return { $usage, loadUsage };
});
