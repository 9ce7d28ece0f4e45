import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { sessionFor } from '../packages/elements/test/fixtures/index.js';
import { generateInvoices, invoices } from '../packages/elements/test/fixtures/invoices.js';
import { failing, forever, fromGlobals, shows, widget } from './support.js';

/** The fixture server for a buyer of `role`, with Acme's hand-made invoices unless others are given. */
const buyer = (role: 'viewer' | 'purchaser' | 'billing_admin', list: typeof invoices = invoices) => ({ fixtures: { session: sessionFor(role), invoices: list } });

const meta: Meta = {
  title: 'Widgets/Billing history',
  component: 'subkit-billing-history',
  parameters: buyer('purchaser'),
  render: (_args, { globals }) => widget('billing-history', fromGlobals(globals, 'bs_test_story')),
};
export default meta;

type Story = StoryObj;

/** Paid, open, overdue, void and uncollectible invoices with a credit note; a purchaser may pay open ones. */
export const Default: Story = { parameters: shows('data') };

/** A viewer sees and downloads, but cannot pay. */
export const Viewer: Story = { parameters: shows('viewer', buyer('viewer')) };

/** 10,000 invoices: cursor-paged and virtualized, the last one reachable. */
export const TenThousandInvoices: Story = {
  parameters: shows('data', buyer('purchaser', generateInvoices(10_000))),
};

/** A company without invoices yet. */
export const Empty: Story = { parameters: shows('empty', buyer('purchaser', [])) };

/** While the invoices load. */
export const Loading: Story = { parameters: shows('loading', { ...buyer('purchaser'), handlers: [forever('/v1/invoices')] }) };

/** The invoices could not be loaded. */
export const Error: Story = { parameters: shows('error', { ...buyer('purchaser'), handlers: [failing('/v1/invoices')] }) };

/** Arabic, right to left. */
export const Arabic: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div dir="rtl" lang="ar">${widget('billing-history', { ...fromGlobals(globals, 'bs_test_story'), locale: 'ar' })}</div>`,
};

/** Dark theme. */
export const Dark: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div style="background:#0b1020;padding:16px">${widget('billing-history', { ...fromGlobals(globals, 'bs_test_story'), theme: 'dark' })}</div>`,
};
