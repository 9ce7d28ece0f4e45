#!/usr/bin/env node
// Prints the min+gzip size of what a page loads up front for: the plan picker alone, picker + checkout,
// and every widget (library builds by Vite, as dist/subkit.js is built). Lazy chunks — non-English
// string tables and Stripe's loader — are listed apart: a page only fetches them when it needs them.
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntry } from './build-entry.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = (p) => JSON.stringify(resolve(pkg, 'src', p));
const guard = (tag, cls) => `if (!customElements.get('${tag}')) customElements.define('${tag}', ${cls});`;

const entries = {
  'plan picker alone (lit + client + schemas + picker)': `
    import { SubkitPlanPicker } from ${src('plan-picker/plan-picker.ts')};
    ${guard('subkit-plan-picker', 'SubkitPlanPicker')}`,
  'plan picker + checkout (+ provider)': `
    import { SubkitProvider } from ${src('provider/provider.ts')};
    import { SubkitPlanPicker } from ${src('plan-picker/plan-picker.ts')};
    import { SubkitCheckout } from ${src('checkout/checkout.ts')};
    ${guard('subkit-provider', 'SubkitProvider')} ${guard('subkit-plan-picker', 'SubkitPlanPicker')} ${guard('subkit-checkout', 'SubkitCheckout')}`,
  'subscription manager alone': `import { SubkitSubscriptionManager } from ${src('subscription-manager/subscription-manager.ts')}; ${guard('subkit-subscription-manager', 'SubkitSubscriptionManager')}`,
  'billing history alone (lit + client + schemas + history)': `import { SubkitBillingHistory } from ${src('billing-history/billing-history.ts')}; ${guard('subkit-billing-history', 'SubkitBillingHistory')}`,
  'all widgets (dist/subkit.js)': `import ${src('define.ts')};`,
};

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (code) => gzipSync(code, { level: 9 }).length;

const budgets = { 'plan picker alone (lit + client + schemas + picker)': 14, 'all widgets (dist/subkit.js)': 35 };
let over = false;
for (const [name, code] of Object.entries(entries)) {
  const outputs = await buildEntry(code);
  const entry = outputs.find((o) => o.isEntry);
  const initial = [entry, ...outputs.filter((o) => entry.imports.includes(o.fileName))];
  const initialGz = initial.reduce((sum, o) => sum + gz(o.code), 0);
  const initialMin = initial.reduce((sum, o) => sum + Buffer.byteLength(o.code), 0);
  const lazy = outputs.filter((o) => !initial.includes(o));
  const stripeInMain = initial.some((o) => o.code.includes('js.stripe.com'));
  const budget = budgets[name];
  if (budget && initialGz / 1024 > budget) over = true;
  console.log(`${name}: ${kb(initialMin)} min, ${kb(initialGz)} min+gzip${budget ? ` (budget ${budget} KB)` : ''}`);
  console.log(`  Stripe.js loader in the initial chunk: ${stripeInMain ? 'YES (defect)' : 'no'}`);
  const lazyGroups = new Map();
  for (const o of lazy) {
    const group = o.code.includes('js.stripe.com') ? 'Stripe.js loader' : 'locale tables';
    const g = lazyGroups.get(group) ?? { count: 0, gz: 0, max: 0 };
    g.count++;
    g.gz += gz(o.code);
    g.max = Math.max(g.max, gz(o.code));
    lazyGroups.set(group, g);
  }
  for (const [group, g] of lazyGroups) console.log(`  lazy ${group}: ${g.count} chunks, largest ${kb(g.max)} min+gzip`);
}
if (over) console.log('over budget');
