import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { declinedQuote, openQuote, sessionFor } from '../packages/elements/test/fixtures/index.js';
import { failing, forever, fromGlobals, shows, widget } from './support.js';

/** The fixture server for a buyer of `role` with Acme's quotes: an open Enterprise quote and a declined one. */
const buyer = (role: 'viewer' | 'purchaser' | 'billing_admin', quotes = [openQuote, declinedQuote]) => ({ fixtures: { session: sessionFor(role), quotes } });

const meta: Meta = {
  title: 'Widgets/Quote',
  component: 'subkit-quote',
  parameters: buyer('billing_admin'),
  render: (_args, { globals }) => widget('quote', fromGlobals(globals, 'bs_test_story')),
};
export default meta;

type Story = StoryObj;

/** The billing admin's open Enterprise quote with its exact first invoice (accept with a PO number, or decline), and a declined one. */
export const Default: Story = { parameters: shows('data') };

/** A quote starting later: the subscription and its first invoice are dated then. */
export const LaterStart: Story = {
  parameters: shows('data', buyer('billing_admin', [{ ...openQuote, startAt: '2027-01-01T00:00:00.000Z', firstInvoice: { ...openQuote.firstInvoice!, issuedAt: '2027-01-01T00:00:00.000Z', periodStart: '2027-01-01T00:00:00.000Z', periodEnd: '2027-02-01T00:00:00.000Z', dueAt: '2027-02-15T00:00:00.000Z' } }])),
};

/** A purchaser sees the quote read-only, with a note saying who can decide. */
export const ReadOnly: Story = { parameters: shows('viewer', buyer('purchaser')) };

/** An accepted and an expired quote: read-only, with their outcome. */
export const Decided: Story = {
  parameters: shows(
    'data',
    buyer('billing_admin', [
      { ...openQuote, id: 'quo_accepted', status: 'accepted', firstInvoice: null, decidedAt: '2026-11-05T09:00:00.000Z', subscriptionId: 'sub_ent', acceptedBy: { memberId: 'mem_billing_admin', name: 'Bea Billing', role: 'billing_admin' } },
      { ...openQuote, id: 'quo_expired', status: 'expired', firstInvoice: null },
    ]),
  ),
};

/** No quote yet. */
export const Empty: Story = { parameters: shows('empty', buyer('billing_admin', [])) };

/** While the quotes load. */
export const Loading: Story = { parameters: shows('loading', { ...buyer('billing_admin'), handlers: [forever('/v1/quotes')] }) };

/** The quotes could not be loaded. */
export const Error: Story = { parameters: shows('error', { ...buyer('billing_admin'), handlers: [failing('/v1/quotes')] }) };

/** Arabic, right to left. */
export const Arabic: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div dir="rtl" lang="ar">${widget('quote', { ...fromGlobals(globals, 'bs_test_story'), locale: 'ar' })}</div>`,
};

/** Dark theme. */
export const Dark: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div style="background:#0b1020;padding:16px">${widget('quote', { ...fromGlobals(globals, 'bs_test_story'), theme: 'dark' })}</div>`,
};
