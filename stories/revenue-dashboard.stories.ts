import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../packages/elements/src/define/revenue-dashboard.js';
import { freshKey } from '../packages/elements/test/msw.js';
import { emptyMetrics, metrics, metricsHandlers } from '../packages/elements/test/fixtures/metrics.js';
import { API, brandTokens, failing, forever, shows } from './support.js';

/** The dashboard as an admin page renders it, with a merchant session (`ms_…`) from the merchant's server. */
function dashboard(options: { locale?: string; theme?: string; currency?: string; session?: string | null; style?: string }) {
  return html`<subkit-revenue-dashboard
    api-base=${API}
    publishable-key=${freshKey()}
    session=${ifDefined(options.session === null ? undefined : (options.session ?? 'ms_test_story'))}
    locale=${ifDefined(options.locale)}
    theme=${options.theme === 'dark' ? 'dark' : 'light'}
    currency=${ifDefined(options.currency)}
    style=${ifDefined(options.style)}
  ></subkit-revenue-dashboard>`;
}

const meta: Meta = {
  title: 'Admin/Revenue dashboard',
  component: 'subkit-revenue-dashboard',
  parameters: shows('data', { handlers: metricsHandlers().handlers }),
  render: (_args, { globals }) => dashboard({ locale: globals.locale as string, theme: globals.theme as string }),
};
export default meta;

type Story = StoryObj;

/** Six months of a small B2B book, all currencies in the reporting currency (EUR at the merchant's USD rate). */
export const Default: Story = {};

/** Euros on their own: upgrades, a downgrade, churn and a reactivation, a yearly plan, metered usage. */
export const OneCurrency: Story = { parameters: shows('data'), render: (_args, { globals }) => dashboard({ locale: globals.locale as string, theme: globals.theme as string, currency: 'EUR' }) };

/** A shop with no recurring revenue yet. */
export const Empty: Story = { parameters: shows('empty', { handlers: metricsHandlers({ metrics: emptyMetrics }).handlers }) };

/** While the metrics load. */
export const Loading: Story = { parameters: shows('loading', { handlers: [forever('/v1/metrics')] }) };

/** The metrics could not be loaded. */
export const Error: Story = { parameters: shows('error', { handlers: [failing('/v1/metrics')] }) };

/** A session whose scope does not allow reading the metrics. */
export const Forbidden: Story = { parameters: shows('error', { handlers: metricsHandlers({ state: 'forbidden' }).handlers }) };

/** An endpoint turned off after 3 days of failures shows in the webhook health. */
export const WebhookEndpointDisabled: Story = {
  parameters: shows('data', {
    handlers: metricsHandlers({
      metrics: {
        ...metrics,
        webhooks: {
          ...metrics.webhooks,
          endpoints: [...metrics.webhooks.endpoints, { id: 'we_old', url: 'https://legacy-erp.example/in', status: 'disabled', disabledReason: 'failing', pending: 12, lastSuccessAt: null, failingSince: '2027-06-20T00:00:00.000Z' }],
        },
      },
    }).handlers,
  }),
};

/** Arabic, right to left: the time axis runs right to left too. */
export const Arabic: Story = { parameters: shows('data'), render: (_args, { globals }) => html`<div dir="rtl" lang="ar">${dashboard({ locale: 'ar', theme: globals.theme as string })}</div>` };

/** Dark theme. */
export const Dark: Story = { parameters: shows('data'), render: (_args, { globals }) => html`<div style="background:#0b1020;padding:16px">${dashboard({ locale: globals.locale as string, theme: 'dark' })}</div>` };

/** A brand theme through the public tokens only: the charts take the colours too. */
export const BrandTokens: Story = { parameters: shows('data'), render: (_args, { globals }) => dashboard({ locale: globals.locale as string, theme: globals.theme as string, style: brandTokens }) };
