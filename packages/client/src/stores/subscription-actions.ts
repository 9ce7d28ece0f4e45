import type {
  CancelRequest, CancellationReason, ChangePreview, PauseRequest, RetentionOffer, Subscription, SubscriptionChangeRequest, SubscriptionChangeResult,
} from '@subkit/core/schemas';
import {
  acceptRetentionOffer, cancelSubscription, changeSubscription, getSubscription, listRetentionOffers, pauseSubscription,
  previewSubscriptionChange, reactivateSubscription, resumeSubscription, skipSubscriptionPeriod,
} from '@subkit/core/endpoints';
import { fail, ok, type Result, type SubkitError } from '../errors.js';
import { reactions, type Happening } from './reactions.js';
import { defineStore } from './store.js';
import { subscriptionsStore } from './subscriptions.js';

/** A subscription change as widgets ask for it: the version defaults to the one in `$subscriptions`. */
export type ChangeInput = Omit<SubscriptionChangeRequest, 'expectedVersion'> & { expectedVersion?: number };

/**
 * What a buyer can do to a subscription. Every action is guarded by the subscription's version: a change
 * someone else made meanwhile answers 409, and the fresh subscription replaces the stale one in the list.
 */
export interface SubscriptionActions {
  /** The exact proration of a change. */
  previewChange(subscriptionId: string, change: ChangeInput): Promise<Result<ChangePreview>>;
  /** Applies a change; refreshes subscriptions and invoices; a 409 reloads the subscription and returns the conflict. */
  applyChange(subscriptionId: string, change: ChangeInput, idempotencyKey?: string): Promise<Result<SubscriptionChangeResult>>;
  pause(subscriptionId: string, body?: PauseRequest): Promise<Result<Subscription>>;
  resume(subscriptionId: string): Promise<Result<Subscription>>;
  skip(subscriptionId: string): Promise<Result<Subscription>>;
  cancel(subscriptionId: string, body: CancelRequest): Promise<Result<Subscription>>;
  listRetentionOffers(subscriptionId: string, reason?: CancellationReason): Promise<Result<RetentionOffer[]>>;
  acceptOffer(subscriptionId: string, offerId: string): Promise<Result<Subscription>>;
  reactivate(subscriptionId: string): Promise<Result<Subscription>>;
}

/** The subscription actions of a client. */
export const subscriptionActions = defineStore<SubscriptionActions>('subscription-actions', (client) => {
  const { $subscriptions, loadSubscription, upsertSubscription } = subscriptionsStore(client);
  const react = reactions(client);
  const known = (subscriptionId: string) => $subscriptions.value!.data?.find((s) => s.id === subscriptionId);

  /** The version a change is guarded by: the given one, the known one, else the server's. */
  async function versionOf(subscriptionId: string, given: number | undefined): Promise<Result<number>> {
    if (given !== undefined) return ok(given);
    const subscription = known(subscriptionId);
    if (subscription) return ok(subscription.version);
    const fetched = await client.send(getSubscription, { params: { subscriptionId } });
    return fetched.ok ? ok(fetched.data.version) : fetched;
  }

  async function onConflict(subscriptionId: string, error: SubkitError): Promise<Result<never>> {
    if (error.type === 'conflict_error') {
      // Someone else changed it: show the fresh subscription, and let the caller tell the buyer.
      await loadSubscription(subscriptionId);
    }
    return fail(error);
  }

  /** Runs a subscription action with the known version as guard; keeps `$subscriptions` current. */
  async function act(subscriptionId: string, run: (expectedVersion: number | undefined) => Promise<Result<Subscription>>, then?: Happening): Promise<Result<Subscription>> {
    const result = await run(known(subscriptionId)?.version);
    if (!result.ok) return onConflict(subscriptionId, result.error);
    upsertSubscription(result.data);
    if (then) await react.emit(then);
    return result;
  }

  const params = (subscriptionId: string) => ({ subscriptionId });

  return {
    async previewChange(subscriptionId, change) {
      const version = await versionOf(subscriptionId, change.expectedVersion);
      if (!version.ok) return version;
      return client.send(previewSubscriptionChange, { params: params(subscriptionId), body: { ...change, expectedVersion: version.data } });
    },
    async applyChange(subscriptionId, change, idempotencyKey) {
      const version = await versionOf(subscriptionId, change.expectedVersion);
      if (!version.ok) return version;
      const result = await client.send(changeSubscription, { params: params(subscriptionId), body: { ...change, expectedVersion: version.data }, idempotencyKey });
      if (!result.ok) return onConflict(subscriptionId, result.error);
      upsertSubscription(result.data.subscription);
      await react.emit('purchase');
      return result;
    },
    pause: (id, body = {}) => act(id, (v) => client.send(pauseSubscription, { params: params(id), body: { expectedVersion: v, ...body } })),
    resume: (id) => act(id, (v) => client.send(resumeSubscription, { params: params(id), body: { expectedVersion: v } })),
    skip: (id) => act(id, (v) => client.send(skipSubscriptionPeriod, { params: params(id), body: { expectedVersion: v } })),
    cancel: (id, body) => act(id, (v) => client.send(cancelSubscription, { params: params(id), body: { expectedVersion: v, ...body } }), 'invoiced'),
    async listRetentionOffers(id, reason) {
      const result = await client.send(listRetentionOffers, { params: params(id), query: { reason } });
      return result.ok ? ok(result.data.data) : result;
    },
    acceptOffer: (id, offerId) => act(id, (v) => client.send(acceptRetentionOffer, { params: params(id), body: { offerId, expectedVersion: v } }), 'invoiced'),
    reactivate: (id) => act(id, (v) => client.send(reactivateSubscription, { params: params(id), body: { expectedVersion: v } })),
  };
});
