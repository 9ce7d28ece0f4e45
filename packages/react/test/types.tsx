// Compile-time checks (typecheck): the components' props and on… callbacks, and the raw tags in JSX, are
// typed from the elements — a wrong prop or a wrong use of an event's detail fails the typecheck.
import type {} from '../src/jsx.js';
import { Checkout, PlanPicker, Provider } from '../src/index.js';

export const components = (
  <Provider apiBase="https://shop.example" publishableKey="pk_test_x">
    <PlanPicker product="prod_portal" interval="year" onPlanSelected={(event) => event.detail.planId.toUpperCase()} />
    {/* @ts-expect-error — quantity is a number */}
    <Checkout quantity="3" />
    {/* @ts-expect-error — theme is 'auto' | 'light' | 'dark' */}
    <PlanPicker theme="sepia" />
    <Checkout onCheckoutCompleted={(event) => event.detail.subscription.id} onSubkitError={(event) => event.detail} />
  </Provider>
);

export const rawTags = (
  <>
    <subkit-plan-picker product="prod_portal" api-base="https://shop.example" onsubkit-plan-selected={(event) => event.detail.quantity.toFixed()} />
    {/* @ts-expect-error — no such property */}
    <subkit-checkout plann="x" />
    {/* @ts-expect-error — the detail has no such field */}
    <subkit-checkout onsubkit-checkout-completed={(event) => event.detail.nothing} />
  </>
);
