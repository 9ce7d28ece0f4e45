import type { CancellationReason } from '@subkit/core';

/** The dialog `<subkit-subscription-manager>` has open, one at a time. */
export type DialogKind = 'change' | 'pause' | 'cancel' | 'payment' | 'pay';

/** The steps of the change dialog: choose, then review the server's exact preview. */
export type ChangeStep = 'form' | 'preview';

/** The steps of the cancel flow: why → a retention offer → confirm. */
export type CancelStep = 'reason' | 'offers' | 'confirm';

/** An action on one subscription that runs without a dialog (nothing is charged). */
export type DirectAction = 'resume' | 'skip' | 'reactivate';

/** What the buyer is choosing in the change dialog (the quantity is kept as typed). */
export interface ChangeForm {
  planId: string;
  interval: string;
  quantity: string;
  addOns: string[];
}

/** The cancellation reasons in the order the cancel flow offers them. */
export const CANCEL_REASONS: readonly CancellationReason[] = [
  'too_expensive',
  'unused',
  'missing_features',
  'too_complex',
  'switched_service',
  'customer_service',
  'low_quality',
  'other',
];
