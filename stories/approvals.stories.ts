import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { acmePolicy, approvalRequests, approvedRequest, auditEntries, pendingRequest, rejectedRequest, sessionFor, teamSubscription } from '../packages/elements/test/fixtures/index.js';
import { failing, forever, fromGlobals, shows, widget } from './support.js';

/** The fixture server for a member of `role`, with Acme's requests unless others are given. */
const member = (role: 'purchaser' | 'billing_admin', approvals = approvalRequests, subscription = teamSubscription) => ({
  fixtures: { session: sessionFor(role), subscriptions: [subscription], approvals, audit: auditEntries, policy: acmePolicy },
});

/** Opens one of a billing admin's tabs once the session has shown them (as a click would). */
const opens = (tab: 'audit' | 'policy') => async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  const el = canvasElement.querySelector('subkit-approvals')!;
  for (let i = 0; i < 200 && !el.shadowRoot?.querySelector(`#tab-${tab}`); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  el.shadowRoot?.querySelector<HTMLElement>(`#tab-${tab}`)?.click();
};

const meta: Meta = {
  title: 'Widgets/Approvals',
  component: 'subkit-approvals',
  parameters: member('billing_admin'),
  render: (_args, { globals }) => widget('approvals', fromGlobals(globals, 'bs_test_story')),
};
export default meta;

type Story = StoryObj;

/** A billing admin: a request waiting for a decision (Review), then rejected, approved and expired ones. */
export const Default: Story = { parameters: shows('data') };

/** The requester sees their own requests with the outcome — the rejection's comment — and withdraws a pending one. */
export const Requester: Story = {
  parameters: shows('data', member('purchaser', [pendingRequest, { ...rejectedRequest, requestedBy: pendingRequest.requestedBy }, approvedRequest])),
};

/** The seats changed since the request: Review shows the amounts now beside those requested, and the difference. */
export const AmountsChanged: Story = {
  parameters: shows('data', member('billing_admin', approvalRequests, { ...teamSubscription, quantity: 8, version: teamSubscription.version + 1 })),
};

/** A billing admin's audit log: who changed what and when, each field before → after in words, dates and money in the locale. */
export const AuditLog: Story = { parameters: shows('data'), play: opens('audit') };

/** A billing admin's purchasing policy: who buys without approval, the limits in the company's currency, the plans allowed. */
export const PurchasingPolicy: Story = { parameters: shows('data'), play: opens('policy') };

/** No request yet. */
export const Empty: Story = { parameters: shows('empty', member('billing_admin', [])) };

/** While the requests load. */
export const Loading: Story = { parameters: shows('loading', { ...member('billing_admin'), handlers: [forever('/v1/approval-requests')] }) };

/** The requests could not be loaded. */
export const Error: Story = { parameters: shows('error', { ...member('billing_admin'), handlers: [failing('/v1/approval-requests')] }) };

/** Arabic, right to left. */
export const Arabic: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div dir="rtl" lang="ar">${widget('approvals', { ...fromGlobals(globals, 'bs_test_story'), locale: 'ar' })}</div>`,
};

/** Dark theme. */
export const Dark: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div style="background:#0b1020;padding:16px">${widget('approvals', { ...fromGlobals(globals, 'bs_test_story'), theme: 'dark' })}</div>`,
};
