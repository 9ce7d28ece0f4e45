/** The Stripe events subkit acts on, by type, with what each does to subkit's records. */
import type { EventApplier } from './webhook-route.js';

/** Appliers by Stripe event type; any other type is acknowledged and recorded as `ignored`. */
export const stripeEventAppliers: Readonly<Partial<Record<string, EventApplier<any>>>> = {};
