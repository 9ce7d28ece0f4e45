import { atom, type ReadableAtom } from 'nanostores';
import type { PurchasingPolicy, PurchasingPolicyUpdate } from '@subkit/core/schemas';
import { getPurchasingPolicy, updatePurchasingPolicy } from '@subkit/core/endpoints';
import { ok, type Result } from '../errors.js';
import { reactions } from './reactions.js';
import { defineStore, idle, loader, type Remote } from './store.js';

/**
 * The company's purchasing policy (issue #17) as its billing admin edits it: which roles buy without
 * approval, the limits above which others ask, the plans the company may buy. Saving replaces it.
 */
export interface PurchasingPolicyStore {
  $policy: ReadableAtom<Remote<PurchasingPolicy>>;
  /** Loads the policy (once, unless forced). */
  loadPolicy(options?: { force?: boolean }): Promise<Result<PurchasingPolicy>>;
  /** Sets fields of the policy (billing admin); the answer replaces the loaded policy. */
  savePolicy(update: PurchasingPolicyUpdate): Promise<Result<PurchasingPolicy>>;
}

/** The purchasing-policy store of a client. */
export const purchasingPolicyStore = defineStore<PurchasingPolicyStore>('purchasing-policy', (client) => {
  const $policy = atom<Remote<PurchasingPolicy>>(idle());
  const load = loader($policy);

  function loadPolicy(options: { force?: boolean } = {}): Promise<Result<PurchasingPolicy>> {
    const current = $policy.value!;
    if (!options.force && current.data) return Promise.resolve(ok(current.data));
    return load.run('policy', () => client.send(getPurchasingPolicy));
  }

  async function savePolicy(update: PurchasingPolicyUpdate): Promise<Result<PurchasingPolicy>> {
    const result = await client.send(updatePurchasingPolicy, { body: update });
    if (result.ok) $policy.set({ data: result.data, error: null, loading: false });
    return result;
  }

  reactions(client).onSessionChange(() => load.reset());
  return { $policy, loadPolicy, savePolicy };
});
