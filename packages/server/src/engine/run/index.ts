/** The billing engine over time: the test clock, the billing run and its worker. */
export { runBilling, runStep, nextDueAt, DEFAULT_BATCH_SIZE } from './billing-run.js';
export type { RunOptions } from './billing-run.js';
export { runEnv } from './env.js';
export type { RunEnv } from './env.js';
export { newReport, REPORT_SAMPLE } from './report.js';
export type { RunReport, ReportedPayment, ReportedStatusChange } from './report.js';
export { startBillingWorker, describeRun } from './worker.js';
export type { BillingWorker, WorkerOptions, WorkerRun } from './worker.js';
export { engineClock, loadTestClock, moveTestClock, testClockOffset } from './clock.js';
export { advanceTestClock, addDuration } from './advance.js';
export { billingSettings, DEFAULT_BILLING_SETTINGS } from './settings.js';
export type { BillingSettings } from './settings.js';
export { firstPeriod } from './calendar.js';
export { renewalAt, resumeAt } from './renewal.js';
export { projectNextInvoice } from './projection.js';
