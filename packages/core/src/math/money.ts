/**
 * Money in integer minor units (cents, yen, fils) with ISO 4217 exponents.
 * No float ever touches an amount: arithmetic that may leave the safe-integer range goes through BigInt.
 */

/** Currencies whose minor unit differs from 2 decimals (ISO 4217 list one, as used by payment processors). */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** The number of decimals of a currency's minor unit (JPY 0, USD 2, KWD 3); 2 for unknown codes. */
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** What went wrong with an amount. */
export type MoneyErrorCode = 'overflow' | 'currency_mismatch' | 'invalid_amount';

/** An amount that cannot be represented exactly, or two currencies mixed. Check `type`, not `instanceof`. */
export class MoneyError extends Error {
  readonly type = 'money_error' as const;
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.name = 'MoneyError';
    this.code = code;
  }
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Returns `n` when it is a safe integer amount; throws `invalid_amount` for fractions/NaN, `overflow` beyond ±2^53−1. */
export function checkedAmount(n: number): number {
  if (typeof n !== 'number' || Number.isNaN(n)) throw new MoneyError('invalid_amount', `not an amount: ${String(n)}`);
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) {
    throw new MoneyError('overflow', `amount beyond ±${Number.MAX_SAFE_INTEGER}: ${n}`);
  }
  if (!Number.isInteger(n)) throw new MoneyError('invalid_amount', `amounts are integer minor units, got ${n}`);
  return n === 0 ? 0 : n;
}

/** Converts an exact BigInt result back to a number, throwing `overflow` when it leaves the safe range. */
export function fromBigInt(value: bigint): number {
  if (value > MAX || value < -MAX) throw new MoneyError('overflow', `amount beyond ±${Number.MAX_SAFE_INTEGER}: ${value}`);
  return Number(value);
}

/** The exact sum of amounts; intermediate sums may exceed the safe range as long as the result does not. */
export function sumAmounts(amounts: readonly number[]): number {
  let total = 0n;
  for (const amount of amounts) total += BigInt(checkedAmount(amount));
  return fromBigInt(total);
}

/** `amount × quantity`, exact, or `overflow`. */
export function multiplyAmount(amount: number, quantity: number): number {
  return fromBigInt(BigInt(checkedAmount(amount)) * BigInt(checkedAmount(quantity)));
}

/**
 * `numerator / denominator` rounded half away from zero, so `roundDiv(-x, d) === -roundDiv(x, d)`:
 * a credit and a charge for the same time and price cancel exactly.
 */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator < 0n) return roundDiv(-numerator, -denominator);
  if (denominator === 0n) throw new MoneyError('invalid_amount', 'division by zero');
  if (numerator < 0n) return -roundDiv(-numerator, denominator);
  return (2n * numerator + denominator) / (2n * denominator);
}

/** The amount as a plain decimal string in major units: `1234` USD → `"12.34"`, `-5` → `"-0.05"`, `1000` JPY → `"1000"`. */
export function toDecimalString(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = BigInt(checkedAmount(amount));
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (exponent === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Sign, whole digits, fraction digits; the lookahead demands at least one digit, so "", "." and "-" fail. */
const DECIMAL = /^([+-])?(?=\.?\d)(\d*)(?:\.(\d*))?$/;

/**
 * Parses a plain decimal in major units (`"12.34"`, `"-0.5"`, `"1000"`) into minor units without floats.
 * Rejects grouping separators, exponents, and more decimals than the currency has.
 */
export function parseDecimal(text: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new MoneyError('invalid_amount', `not a decimal amount: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new MoneyError('invalid_amount', `${currency} has ${exponent} decimals, got "${text}"`);
  }
  // BigInt("") is 0n, so ".5" needs no leading zero; BigInt has no −0, so "-0" parses to 0.
  const minor = BigInt(`${whole}${fraction.padEnd(exponent, '0')}`);
  return fromBigInt(sign === '-' ? -minor : minor);
}

/**
 * Formats an amount for people with `Intl.NumberFormat` (currency symbol, grouping, locale digits).
 * The decimal string is handed to Intl as is, so even amounts near 2^53 format exactly.
 */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  // Stryker disable next-line ConditionalExpression: equivalent — a fresh formatter formats the same; the cache only saves time
  if (!format) {
    const exponent = currencyExponent(currency);
    // Intl upper-cases the currency code itself.
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
    moneyFormats.set(key, format);
  }
  return format.format(toDecimalString(amount, currency) as Intl.StringNumericLiteral);
}

// Building an Intl formatter costs far more than formatting with it (a long invoice list formats hundreds of amounts).
const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Splits `total` in proportion to non-negative integer `weights` (largest-remainder method); the parts
 * always sum to `total`. Ties go to the earlier weight. All-zero weights split evenly.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  checkedAmount(total);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new MoneyError('invalid_amount', 'cannot allocate a non-zero total over no weights');
  }
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new MoneyError('invalid_amount', `weights must be non-negative integers, got ${weight}`);
    }
  }
  if (total < 0) return allocate(-total, weights).map((share) => 0 - share);
  const given = weights.map((w) => BigInt(w));
  const effective = given.some((w) => w > 0n) ? given : given.map(() => 1n);
  const divisor = effective.reduce((a, b) => a + b, 0n);

  const amount = BigInt(total);
  const shares = effective.map((w) => (amount * w) / divisor);
  let left = amount - shares.reduce((a, b) => a + b, 0n);
  // Largest remainder first; the sort is stable, so equal remainders keep the earlier weight first.
  const order = effective.map((w, index) => ({ index, remainder: (amount * w) % divisor }));
  order.sort((a, b) => Number(b.remainder - a.remainder));
  for (const { index } of order) {
    if (left === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}
