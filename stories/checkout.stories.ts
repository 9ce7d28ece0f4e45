import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { acmeCatalog, purchaserSession } from '../packages/elements/test/fixtures/index.js';
import { overYearlyLimit, purchaseApprovalRoutes } from '../packages/elements/test/fixture-server/purchase-request-routes.js';
import { failing, forever, fromGlobals, shows, widget } from './support.js';

const signedIn = { session: purchaserSession, sessionCatalog: acmeCatalog };

const meta: Meta = {
  title: 'Widgets/Checkout',
  component: 'subkit-checkout',
  parameters: { fixtures: signedIn },
  // The checkout buys what the picker chose: the stories show both, as a storefront page would.
  render: (_args, { globals }) => html`
    ${widget('plan-picker', fromGlobals(globals, 'bs_test_story'))}
    <hr style="margin-block:24px" />
    ${widget('checkout', fromGlobals(globals, 'bs_test_story'))}
  `,
};
export default meta;

type Story = StoryObj;

/** Choose a plan above; the order summary, B2B fields and payment choice follow. */
export const WithPicker: Story = { parameters: shows({ 'subkit-plan-picker': 'data', 'subkit-checkout': 'empty' }) };

/** A plan already chosen (the storefront passed the picker's choice): order summary, B2B fields, payment. */
export const PlanChosen: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => widget('checkout', { ...fromGlobals(globals, 'bs_test_story'), plan: 'plan_team' }),
};

/** The checkout alone before any plan was chosen: its empty state. */
export const NothingChosen: Story = {
  parameters: shows('empty'),
  render: (_args, { globals }) => widget('checkout', fromGlobals(globals, 'bs_test_story')),
};

/** While the preview loads. */
export const PreviewLoading: Story = {
  parameters: shows('loading', { handlers: [forever('/v1/checkout/preview', 'post')] }),
  render: (_args, { globals }) => widget('checkout', { ...fromGlobals(globals, 'bs_test_story'), plan: 'plan_team' }),
};

/** The preview failed: the error with a retry. */
export const PreviewError: Story = {
  parameters: shows('error', { handlers: [failing('/v1/checkout/preview', 'post')] }),
  render: (_args, { globals }) => widget('checkout', { ...fromGlobals(globals, 'bs_test_story'), plan: 'plan_team' }),
};

/** Arabic, right to left. */
export const Arabic: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div dir="rtl" lang="ar">
    ${widget('checkout', { ...fromGlobals(globals, 'bs_test_story'), locale: 'ar', plan: 'plan_team' })}
  </div>`,
};

/**
 * A purchaser whose order is above the company's approval limit (issue #17): the exact order summary, why a
 * billing admin must approve it, the PO number and a note, and "Submit for approval" instead of the order button.
 */
export const ApprovalNeeded: Story = {
  parameters: shows('data', { handlers: purchaseApprovalRoutes(() => acmeCatalog, overYearlyLimit) }),
  render: (_args, { globals }) => widget('checkout', { ...fromGlobals(globals, 'bs_test_story'), plan: 'plan_team' }),
};
