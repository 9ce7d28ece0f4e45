export * from './common.js';
export * from './plan-picker.js';
export * from './checkout.js';
export * from './approval-requested.js';
export * from './billing-history.js';
export * from './subscription-manager.js';
export * from './approvals.js';
export * from './quote.js';
