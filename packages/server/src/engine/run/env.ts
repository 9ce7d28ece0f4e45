/** What every part of a billing run works with. */
import type { ServerConfig } from '../../context.js';
import type { Database } from '../../db/types.js';
import type { PaymentProcessor } from '../processor/index.js';
import { paymentProcessor } from '../processor/index.js';
import type { RunReport } from './report.js';
import { newReport } from './report.js';
import type { BillingSettings } from './settings.js';
import { billingSettings } from './settings.js';

/** A run's database, settings, processor and the report it fills. */
export interface RunEnv {
  readonly db: Database;
  readonly config: ServerConfig;
  readonly settings: BillingSettings;
  readonly processor: PaymentProcessor;
  readonly report: RunReport;
}

/** The environment of a run on `db` with the deployment's `config`. */
export function runEnv(db: Database, config: ServerConfig, opts: { processor?: PaymentProcessor; report?: RunReport } = {}): RunEnv {
  return {
    db,
    config,
    settings: billingSettings(config),
    processor: opts.processor ?? paymentProcessor(db, config),
    report: opts.report ?? newReport(),
  };
}
