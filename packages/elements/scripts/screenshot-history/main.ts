// The billing-history screenshot page: the widget on msw fixtures, themed and localized by the query string.
import { setupWorker } from 'msw/browser';
import '../../src/define.js';
import { createFixtureServer } from '../../test/handlers.js';
import { sessionFor } from '../../test/fixtures/index.js';
import { generateInvoices } from '../../test/fixtures/invoices.js';
import { createInvoiceServer } from '../../test/fixtures/invoices-handlers.js';

const params = new URLSearchParams(location.search);
const theme = params.get('theme') ?? 'light';
const locale = params.get('locale') ?? 'en';
const session = sessionFor(params.get('role') === 'viewer' ? 'viewer' : 'purchaser');
if (theme === 'dark') document.body.classList.add('dark');
if (locale === 'ar') document.documentElement.dir = 'rtl';
document.documentElement.lang = locale;

const invoices = createInvoiceServer({ session, invoices: params.has('many') ? generateInvoices(10_000) : undefined });
const worker = setupWorker(...invoices.handlers, ...createFixtureServer({ session }).handlers);
await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });

const el = document.createElement('subkit-billing-history');
el.setAttribute('api-base', location.origin);
el.setAttribute('publishable-key', 'pk_test_screenshot');
el.setAttribute('session', 'tok_screenshot');
el.setAttribute('theme', theme);
el.setAttribute('locale', locale);
document.querySelector('#app')!.append(el);
