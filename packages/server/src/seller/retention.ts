import { DEFAULT_RETENTION, type Interval, type RetentionSettings } from '@subkit/core';
import { ConfigError } from '../config.js';

type Env = Readonly<Record<string, string | undefined>>;

const INTERVALS: readonly Interval[] = ['month', 'quarter', 'year'];

/**
 * The retention offers a merchant makes (a buyer who cancels): SUBKIT_RETENTION_DISCOUNT_PERCENT (default 20;
 * 0 offers no discount), SUBKIT_RETENTION_DISCOUNT_BILLS (how many bills of each interval it covers, default
 * `month=3,quarter=1,year=1`: on a yearly plan "3 bills" would be three years) and SUBKIT_RETENTION_PAUSE_MONTHS
 * (the pauses offered, default `1,3`; empty offers none).
 */
export function retentionSettingsFromEnv(env: Env): { retention?: RetentionSettings } {
  const percentRaw = env.SUBKIT_RETENTION_DISCOUNT_PERCENT;
  const billsRaw = env.SUBKIT_RETENTION_DISCOUNT_BILLS;
  const pauseRaw = env.SUBKIT_RETENTION_PAUSE_MONTHS;
  if (percentRaw === undefined && billsRaw === undefined && pauseRaw === undefined) return {};
  const percentOff = percentRaw === undefined || percentRaw === '' ? DEFAULT_RETENTION.discount!.percentOff : Number(percentRaw);
  if (!Number.isInteger(percentOff) || percentOff < 0 || percentOff > 100) {
    throw new ConfigError(`SUBKIT_RETENTION_DISCOUNT_PERCENT must be a whole percent from 0 (no discount offer) to 100, got "${percentRaw}".`);
  }
  const bills = { ...DEFAULT_RETENTION.discount!.bills };
  for (const entry of (billsRaw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^(month|quarter|year)=(\d{1,2})$/.exec(entry);
    if (!match || Number(match[2]) < 1) {
      throw new ConfigError(`SUBKIT_RETENTION_DISCOUNT_BILLS has "${entry}"; write interval=bills for ${INTERVALS.join(', ')}, e.g. month=3,quarter=1,year=1.`);
    }
    bills[match[1] as Interval] = Number(match[2]);
  }
  const pauseMonths = pauseRaw === undefined ? [...DEFAULT_RETENTION.pauseMonths] : pauseRaw.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (pauseMonths.length > 2 || pauseMonths.some((m, i) => !Number.isInteger(m) || m < 1 || m > 12 || (i > 0 && m <= pauseMonths[i - 1]!))) {
    throw new ConfigError(`SUBKIT_RETENTION_PAUSE_MONTHS must be up to two rising whole months from 1 to 12 (e.g. 1,3), got "${pauseRaw}".`);
  }
  return { retention: { discount: percentOff === 0 ? null : { percentOff, bills }, pauseMonths } };
}
