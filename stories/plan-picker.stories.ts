import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { acmeCatalog, emptyCatalog, purchaserSession, teamSubscription } from '../packages/elements/test/fixtures/index.js';
import { brandTokens, failing, forever, fromGlobals, shows, widget } from './support.js';

const meta: Meta = {
  title: 'Widgets/Plan picker',
  component: 'subkit-plan-picker',
  render: (_args, { globals }) => widget('plan-picker', fromGlobals(globals)),
};
export default meta;

type Story = StoryObj;

/** The public catalog: every pricing model, interval toggle with savings, currency switch, feature matrix. */
export const Default: Story = { parameters: shows('data') };

/** A signed-in purchaser: the company's contract prices, the current plan marked, upgrade/downgrade actions. */
export const SignedIn: Story = {
  parameters: shows('data', { fixtures: { session: purchaserSession, sessionCatalog: acmeCatalog, subscriptions: [teamSubscription] } }),
  render: (_args, { globals }) => widget('plan-picker', fromGlobals(globals, 'bs_test_story')),
};

/** While the catalog loads: the skeleton. */
export const Loading: Story = { parameters: shows('loading', { handlers: [forever('/v1/catalog')] }) };

/** The catalog could not be loaded: the error with a retry. */
export const Error: Story = { parameters: shows('error', { handlers: [failing('/v1/catalog')] }) };

/** A merchant with nothing on sale yet. */
export const Empty: Story = { parameters: shows('empty', { fixtures: { catalog: emptyCatalog } }) };

/** A merchant's brand through the `--subkit-*` tokens only. */
export const BrandTheme: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div style=${brandTokens}>${widget('plan-picker', fromGlobals(globals))}</div>`,
};

/** Arabic, right to left. */
export const Arabic: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div dir="rtl" lang="ar">${widget('plan-picker', { ...fromGlobals(globals), locale: 'ar' })}</div>`,
};

/** Dark theme. */
export const Dark: Story = {
  parameters: shows('data'),
  render: (_args, { globals }) => html`<div style="background:#0b1020;padding:16px">${widget('plan-picker', { ...fromGlobals(globals), theme: 'dark' })}</div>`,
};
