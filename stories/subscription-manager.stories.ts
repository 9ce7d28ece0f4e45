import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sessionFor } from '../packages/elements/test/fixtures/index.js';
import { managedTeam, subscriptionFixture, subscriptionsByStatus, usageFor } from '../packages/elements/test/fixtures/subscriptions.js';
import { failing, forever, fromGlobals, shows, widget } from './support.js';

const usage = { sub_team: usageFor(managedTeam, { api_calls: 8500 }) };

const meta: Meta = {
  title: 'Widgets/Subscription manager',
  component: 'subkit-subscription-manager',
  parameters: { fixtures: { session: sessionFor('billing_admin'), subscriptions: subscriptionsByStatus, usage } },
  render: (_args, { globals }) => widget('subscription-manager', fromGlobals(globals, 'bs_test_story')),
};
export default meta;

type Story = StoryObj;

/** A billing admin sees every state (trialing, active with usage near its allowance, past due, paused, ending, canceled) and every action. */
export const BillingAdmin: Story = { parameters: shows('data') };

/** A purchaser changes plans and seats but cannot cancel or manage payment methods. */
export const Purchaser: Story = {
  parameters: shows('data', { fixtures: { session: sessionFor('purchaser'), subscriptions: subscriptionsByStatus, usage } }),
};

/** A viewer sees everything and can do nothing. */
export const Viewer: Story = {
  parameters: shows('viewer', { fixtures: { session: sessionFor('viewer'), subscriptions: subscriptionsByStatus, usage } }),
};

/** One active subscription with metered usage at 85% of its allowance: the upgrade nudge. */
export const UsageNudge: Story = {
  parameters: shows('data', { fixtures: { session: sessionFor('purchaser'), subscriptions: [managedTeam], usage } }),
};

const firstPaymentDue = subscriptionFixture({
  id: 'sub_new',
  planId: 'plan_team',
  quantity: 5,
  status: 'incomplete',
  overrides: { paymentIssue: { reason: 'authentication_required', invoiceId: 'in_open_sub_new' } },
});

/**
 * Payments due: a first payment the bank wants confirmed (the checkout's 3-D Secure page closed unanswered), a
 * renewal past due for the same reason, one on hold because its renewal's retries ran out (a merchant with
 * SUBKIT_DUNNING_END=unpaid), and a subscription that expired because its first payment never came.
 */
export const PaymentsDue: Story = {
  parameters: shows('data', {
    fixtures: {
      session: sessionFor('billing_admin'),
      usage: { sub_new: usageFor(firstPaymentDue, { api_calls: 0 }) },
      subscriptions: [
        firstPaymentDue,
        subscriptionFixture({ id: 'sub_past_due', planId: 'plan_starter', quantity: 4, status: 'past_due', overrides: { paymentIssue: { reason: 'authentication_required', invoiceId: 'in_open_sub_past_due' } } }),
        subscriptionFixture({ id: 'sub_on_hold', planId: 'plan_starter', quantity: 2, status: 'unpaid', overrides: { paymentIssue: { reason: 'payment_failed', invoiceId: 'in_open_sub_on_hold' } } }),
        subscriptionFixture({ id: 'sub_expired', planId: 'plan_starter', quantity: 1, status: 'incomplete_expired', overrides: { canceledAt: '2026-11-02T09:00:00.000Z', endedAt: '2026-11-02T09:00:00.000Z', nextInvoice: null } }),
      ],
    },
  }),
};

/** A company without subscriptions. */
export const Empty: Story = { parameters: shows('empty', { fixtures: { session: sessionFor('purchaser'), subscriptions: [] } }) };

/** While the subscriptions load. */
export const Loading: Story = { parameters: shows('loading', { handlers: [forever('/v1/subscriptions')] }) };

/** The subscriptions could not be loaded. */
export const Error: Story = { parameters: shows('error', { handlers: [failing('/v1/subscriptions')] }) };

/** Arabic, right to left. */
export const Arabic: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div dir="rtl" lang="ar">${widget('subscription-manager', { ...fromGlobals(globals, 'bs_test_story'), locale: 'ar' })}</div>`,
};

/** Dark theme. */
export const Dark: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div style="background:#0b1020;padding:16px">${widget('subscription-manager', { ...fromGlobals(globals, 'bs_test_story'), theme: 'dark' })}</div>`,
};
