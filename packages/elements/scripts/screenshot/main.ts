// The screenshot page: the widgets on msw fixtures, themed and localized by the query string.
import { setupWorker } from 'msw/browser';
import '../../src/define.js';
import { createFixtureServer } from '../../test/handlers.js';
import { teamSubscription } from '../../test/fixtures/index.js';

const params = new URLSearchParams(location.search);
const theme = params.get('theme') ?? 'light';
const locale = params.get('locale') ?? 'en';
const current = params.has('current');
if (theme === 'dark') document.body.classList.add('dark');
if (locale === 'ar') document.documentElement.dir = 'rtl';
document.documentElement.lang = locale;

const worker = setupWorker(...createFixtureServer({ subscriptions: current ? [teamSubscription] : [] }).handlers);
await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });

const app = document.querySelector('#app')!;
const provider = document.createElement('subkit-provider');
provider.setAttribute('api-base', location.origin);
provider.setAttribute('publishable-key', 'pk_test_screenshot');
provider.setAttribute('session', 'tok_screenshot');
const widgets = (params.get('widgets') ?? 'picker,checkout').split(',');
for (const name of widgets) {
  const el = document.createElement(name === 'picker' ? 'subkit-plan-picker' : 'subkit-checkout');
  el.setAttribute('theme', theme);
  el.setAttribute('locale', locale);
  if (name === 'checkout') {
    el.setAttribute('plan', 'plan_team');
    el.setAttribute('interval', 'month');
    el.setAttribute('quantity', '12');
    if (params.get('method') === 'invoice') el.setAttribute('payment-method', 'invoice');
  }
  provider.append(el);
}
app.append(provider);
