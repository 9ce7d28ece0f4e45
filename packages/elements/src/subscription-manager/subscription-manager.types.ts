import type { AddOnSelection, CancellationReason, Recurring } from '@subkit/core';

/** The dialog `<subkit-subscription-manager>` has open, one at a time. */
export type DialogKind = 'change' | 'pause' | 'cancel' | 'payment' | 'pay';

/** The steps of the change dialog: choose, then review the server's exact preview. */
export type ChangeStep = 'form' | 'preview';

/** The steps of the cancel flow: why → a retention offer → confirm. */
export type CancelStep = 'reason' | 'offers' | 'confirm';

/** An action on one subscription that runs without a dialog (nothing is charged). */
export type DirectAction = 'resume' | 'skip' | 'reactivate';

/** What the buyer is choosing in the change dialog (quantities are kept as typed). */
export interface ChangeForm {
  planId: string;
  interval: string;
  quantity: string;
  /** The chosen add-ons by id: the typed quantity of a `quantity` add-on, `'1'` for the others. */
  addOns: Record<string, string>;
}

/**
 * A change proposed to `previewChange()` from outside the dialog, e.g. the plan picker's choice: only
 * what should differ from the subscription. `addOns`, when given, is the whole set after the change.
 */
export interface ProposedChange {
  planId?: string | undefined;
  recurring?: Recurring | undefined;
  quantity?: number | undefined;
  addOns?: AddOnSelection[] | undefined;
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
