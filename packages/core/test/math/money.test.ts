import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  allocate,
  checkedAmount,
  currencyExponent,
  formatMoney,
  MoneyError,
  multiplyAmount,
  parseDecimal,
  roundDiv,
  sumAmounts,
  toDecimalString,
} from '../../src/math/index.js';

function moneyError(code: MoneyError['code']) {
  return (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.equal((error as MoneyError).type, 'money_error');
    assert.equal((error as MoneyError).code, code);
    return true;
  };
}

describe('currencyExponent', () => {
  it('knows zero-decimal currencies', () => {
    for (const c of ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'XOF', 'jpy']) assert.equal(currencyExponent(c), 0, c);
  });
  it('knows three-decimal currencies', () => {
    for (const c of ['KWD', 'BHD', 'JOD', 'OMR', 'TND', 'IQD', 'LYD']) assert.equal(currencyExponent(c), 3, c);
  });
  it('defaults to two decimals', () => {
    for (const c of ['USD', 'EUR', 'GBP', 'CHF', 'XYZ']) assert.equal(currencyExponent(c), 2, c);
  });
});

describe('checked arithmetic', () => {
  it('accepts safe integers and rejects fractions, NaN and overflow', () => {
    assert.equal(checkedAmount(-42), -42);
    assert.equal(checkedAmount(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
    assert.throws(() => checkedAmount(1.5), moneyError('invalid_amount'));
    assert.throws(() => checkedAmount(Number.NaN), moneyError('invalid_amount'));
    assert.throws(() => checkedAmount(Number.MAX_SAFE_INTEGER + 1), moneyError('overflow'));
    assert.throws(() => checkedAmount(-Infinity), moneyError('overflow'));
  });
  it('sums exactly even when an intermediate sum leaves the safe range', () => {
    assert.equal(sumAmounts([Number.MAX_SAFE_INTEGER, 10, -10]), Number.MAX_SAFE_INTEGER);
    assert.equal(sumAmounts([]), 0);
    assert.throws(() => sumAmounts([Number.MAX_SAFE_INTEGER, 1]), moneyError('overflow'));
  });
  it('multiplies exactly or throws overflow', () => {
    assert.equal(multiplyAmount(1999, 3), 5997);
    assert.equal(multiplyAmount(4_503_599_627_370_495, 2), 9_007_199_254_740_990);
    assert.throws(() => multiplyAmount(4_503_599_627_370_497, 2), moneyError('overflow'));
    assert.throws(() => multiplyAmount(10, 0.5), moneyError('invalid_amount'));
  });
});

describe('roundDiv', () => {
  it('rounds half away from zero', () => {
    assert.equal(roundDiv(5n, 2n), 3n);
    assert.equal(roundDiv(-5n, 2n), -3n);
    assert.equal(roundDiv(4n, 3n), 1n);
    assert.equal(roundDiv(5n, 3n), 2n);
    assert.equal(roundDiv(-5n, 3n), -2n);
    assert.equal(roundDiv(7n, -2n), -4n);
    assert.equal(roundDiv(0n, 7n), 0n);
  });
  it('is odd: round(-x) = -round(x)', () => {
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), fc.bigInt(1n, 10n ** 15n), (n, d) => {
        assert.equal(roundDiv(-n, d), -roundDiv(n, d));
        const q = roundDiv(n, d);
        // |n/d − q| ≤ 1/2
        const diff = 2n * (n - q * d);
        assert.ok(diff <= d && diff >= -d);
      }),
    );
  });
  it('refuses division by zero', () => {
    assert.throws(() => roundDiv(1n, 0n), moneyError('invalid_amount'));
  });
});

describe('decimal strings', () => {
  it('renders minor units per exponent', () => {
    assert.equal(toDecimalString(1234, 'USD'), '12.34');
    assert.equal(toDecimalString(-5, 'USD'), '-0.05');
    assert.equal(toDecimalString(0, 'EUR'), '0.00');
    assert.equal(toDecimalString(1000, 'JPY'), '1000');
    assert.equal(toDecimalString(1234, 'KWD'), '1.234');
    assert.equal(toDecimalString(7, 'BHD'), '0.007');
    assert.equal(toDecimalString(Number.MAX_SAFE_INTEGER, 'USD'), '90071992547409.91');
  });
  it('parses without floats', () => {
    assert.equal(parseDecimal('12.34', 'USD'), 1234);
    assert.equal(parseDecimal('0.1', 'USD'), 10);
    assert.equal(parseDecimal('-0.05', 'USD'), -5);
    assert.equal(parseDecimal(' 19.9 ', 'EUR'), 1990);
    assert.equal(parseDecimal('.5', 'EUR'), 50);
    assert.equal(parseDecimal('7.', 'EUR'), 700);
    assert.equal(parseDecimal('1000', 'JPY'), 1000);
    assert.equal(parseDecimal('1.234', 'KWD'), 1234);
    assert.equal(parseDecimal('-0', 'USD'), 0);
    assert.equal(parseDecimal('90071992547409.91', 'USD'), Number.MAX_SAFE_INTEGER);
  });
  it('rejects too many decimals, junk and overflow', () => {
    assert.throws(() => parseDecimal('1.234', 'USD'), moneyError('invalid_amount'));
    assert.throws(() => parseDecimal('1.5', 'JPY'), moneyError('invalid_amount'));
    for (const bad of ['', '.', 'abc', '1,000.00', '1e3', '--1', '1.2.3', 'NaN']) {
      assert.throws(() => parseDecimal(bad, 'USD'), moneyError('invalid_amount'), bad);
    }
    assert.throws(() => parseDecimal('90071992547409.92', 'USD'), moneyError('overflow'));
  });
  it('round-trips parse(toDecimalString(x)) for every currency exponent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'),
        (amount, currency) => {
          assert.equal(parseDecimal(toDecimalString(amount, currency), currency), amount);
        },
      ),
    );
  });
});

describe('formatMoney', () => {
  it('formats with the currency exponent and locale', () => {
    assert.equal(formatMoney(1234, 'USD', 'en-US'), '$12.34');
    assert.equal(formatMoney(-5, 'USD', 'en-US'), '-$0.05');
    assert.equal(formatMoney(123456, 'EUR', 'de-DE'), '1.234,56\u00a0€');
    assert.equal(formatMoney(1000, 'JPY', 'en-US'), '¥1,000');
    assert.equal(formatMoney(1234, 'KWD', 'en-US'), 'KWD\u00a01.234');
  });
  it('is exact for amounts near 2^53', () => {
    assert.equal(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', 'en-US'), '$90,071,992,547,409.91');
    assert.equal(formatMoney(Number.MAX_SAFE_INTEGER, 'JPY', 'en-US'), '¥9,007,199,254,740,991');
  });
  it('round-trips through the digits Intl prints (en-US)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), fc.constantFrom('USD', 'JPY', 'KWD'), (amount, currency) => {
        const text = formatMoney(amount, currency, 'en-US').replace(/[^\d.-]/g, '');
        assert.equal(parseDecimal(text, currency), amount);
      }),
    );
  });
});

describe('allocate', () => {
  it('splits by largest remainder', () => {
    assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(allocate(5, [3, 7]), [2, 3]); // 1.5 / 3.5 → tie on .5 goes to the first
    assert.deepEqual(allocate(10, [0, 0]), [5, 5]);
    assert.deepEqual(allocate(-100, [1, 1, 1]), [-34, -33, -33]);
    assert.deepEqual(allocate(1, [1, 2]), [0, 1]);
    assert.deepEqual(allocate(0, []), []);
    assert.throws(() => allocate(1, []), moneyError('invalid_amount'));
    assert.throws(() => allocate(1, [-1, 2]), moneyError('invalid_amount'));
  });
  it('always sums to the total and stays within one unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.array(fc.integer({ min: 0, max: 10 ** 6 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          assert.equal(parts.length, weights.length);
          assert.equal(sumAmounts(parts), total);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum > 0) {
            parts.forEach((p, i) => {
              const exact = (total * (weights[i] ?? 0)) / sum;
              assert.ok(Math.abs(p - exact) < 1 + 1e-6);
            });
          }
        },
      ),
    );
  });
});
