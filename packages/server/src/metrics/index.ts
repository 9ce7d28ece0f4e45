/** `GET /v1/metrics`: MRR, ARR, ARPA, movements, churn, retention and cohorts from the engine's history. */
import { invalidRequest } from '../errors.js';
import type { Handlers } from '../handlers/types.js';
import { loadHistory } from './history.js';
import { metricsReport } from './report.js';
import { webhookHealth } from './webhook-health.js';

export { metricsReport } from './report.js';
export type { ReportInput } from './report.js';
export type { ReportingSettings } from './fx.js';

/** `GET /v1/metrics` (secret key, or a merchant session with `metrics:read`). */
export const getMetrics: Handlers['getMetrics'] = async (ctx, { query }) => {
  const now = ctx.now();
  const at = query.at ? new Date(query.at) : now;
  // A report of the future would change as it comes: metrics are of instants that have happened.
  if (at.getTime() > now.getTime()) throw invalidRequest('parameter_invalid', `'at' is after now (${now.toISOString()}): metrics report what has happened.`, 'at');
  const { states, usage } = await loadHistory(ctx.db, at);
  const report = metricsReport({ states, usage, at: at.getTime(), months: query.months ?? 12, reporting: ctx.config.reporting ?? null });
  return {
    object: 'metrics',
    at: at.toISOString(),
    currencies: query.currency ? report.currencies.filter((c) => c.currency === query.currency) : report.currencies,
    reporting: report.reporting,
    webhooks: await webhookHealth(ctx.db, ctx.config.mode, at),
  };
};
