/**
 * Converting amounts into the merchant's reporting currency at rates the merchant configured. Rates
 * are never fetched: the report states which it used. Exact: a rate is a decimal string, conversion is
 * integer arithmetic rounded half away from zero to the target's minor unit.
 */
import { currencyExponent, fromBigInt, roundDiv } from '@subkit/core';

/** The reporting currency and, per other currency, how many units of it one unit is worth (e.g. USD → "0.92"). */
export interface ReportingSettings {
  readonly currency: string;
  readonly rates: Readonly<Record<string, string>>;
}

/** A positive decimal with up to 12 fractional digits, e.g. `0.92` or `1.1705`. */
export const RATE_PATTERN = /^(?:0|[1-9]\d{0,8})(?:\.\d{1,12})?$/;

function parseRate(rate: string): { num: bigint; den: bigint } {
  if (!RATE_PATTERN.test(rate) || Number(rate) <= 0) throw new RangeError(`"${rate}" is not a positive decimal exchange rate`);
  const [whole = '0', fraction = ''] = rate.split('.');
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) };
}

/** The rate from `currency` into the reporting currency (1 for itself), or undefined when none is configured. */
export function rateFor(settings: ReportingSettings, currency: string): string | undefined {
  return currency === settings.currency ? '1' : settings.rates[currency];
}

/** `amount` minor units of `from` in minor units of `to` at `rate` (units of `to` per unit of `from`). */
export function convertAmount(amount: number, from: string, to: string, rate: string): number {
  const { num, den } = parseRate(rate);
  const scaleFrom = 10n ** BigInt(currencyExponent(from));
  const scaleTo = 10n ** BigInt(currencyExponent(to));
  return fromBigInt(roundDiv(BigInt(amount) * num * scaleTo, den * scaleFrom));
}
