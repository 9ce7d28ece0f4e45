/** Pure billing math of subkit: money, pricing models, periods, proration, invoice totals, tax ids. */
export * from './money.js';
export * from './pricing.js';
export * from './days.js';
export * from './periods.js';
export * from './proration.js';
export * from './invoice.js';
export * from './tax-id.js';
export * from './tax-id-countries.js';
export * from './retention.js';
export * from './vat.js';
export * from './bank.js';
export * from './locale.js';
