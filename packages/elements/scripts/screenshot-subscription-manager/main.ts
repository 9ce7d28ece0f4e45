// The subscription manager's screenshot page: Acme's subscriptions in every state on msw fixtures,
// as a billing admin (all actions), themed and localized by the query string.
import { setupWorker } from 'msw/browser';
import '../../src/define.js';
import { sessionFor } from '../../test/fixtures/index.js';
import { createSubscriptionServer } from '../../test/fixtures/subscriptions-handlers.js';
import { managedTeam, subscriptionsByStatus, usageFor } from '../../test/fixtures/subscriptions.js';

const params = new URLSearchParams(location.search);
const theme = params.get('theme') ?? 'light';
const locale = params.get('locale') ?? 'en';
if (theme === 'dark') document.body.classList.add('dark');
if (locale === 'ar') document.documentElement.dir = 'rtl';
document.documentElement.lang = locale;

const server = createSubscriptionServer({
  subscriptions: params.has('empty') ? [] : subscriptionsByStatus,
  session: sessionFor((params.get('role') as 'viewer' | 'purchaser' | 'billing_admin' | null) ?? 'billing_admin'),
  usage: { sub_team: usageFor(managedTeam, { api_calls: 8500 }) },
});
const worker = setupWorker(...server.handlers);
await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });

const el = document.createElement('subkit-subscription-manager');
el.setAttribute('api-base', location.origin);
el.setAttribute('publishable-key', 'pk_test_screenshot');
el.setAttribute('session', 'tok_screenshot');
el.setAttribute('theme', theme);
el.setAttribute('locale', locale);
el.setAttribute('plans-url', '/pricing');
document.querySelector('#app')!.append(el);
