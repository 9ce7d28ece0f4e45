import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  allocate,
  checkedAmount,
  currencyExponent,
  formatMoney,
  fromBigInt,
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
    assert.equal(error.name, 'MoneyError');
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
  it('refuses negative overflow as it refuses positive overflow', () => {
    assert.equal(checkedAmount(Number.MIN_SAFE_INTEGER), Number.MIN_SAFE_INTEGER);
    assert.throws(() => checkedAmount(Number.MIN_SAFE_INTEGER - 1), moneyError('overflow'));
    assert.throws(() => checkedAmount(Infinity), moneyError('overflow'));
    assert.equal(fromBigInt(-(2n ** 53n - 1n)), Number.MIN_SAFE_INTEGER);
    assert.throws(() => fromBigInt(-(2n ** 53n)), moneyError('overflow'));
    assert.throws(() => fromBigInt(2n ** 53n), moneyError('overflow'));
    assert.throws(() => sumAmounts([Number.MIN_SAFE_INTEGER, -1]), moneyError('overflow'));
    assert.throws(() => multiplyAmount(-4_503_599_627_370_497, 2), moneyError('overflow'));
    assert.throws(() => parseDecimal('-90071992547409.92', 'USD'), moneyError('overflow'));
    assert.equal(parseDecimal('-90071992547409.91', 'USD'), Number.MIN_SAFE_INTEGER);
  });
  it('calls a non-number an invalid amount, not an overflow', () => {
    // A string or BigInt that slipped past a schema is a malformed amount (400 invalid_amount), whatever its size.
    for (const bad of ['12', 5n, null, undefined]) assert.throws(() => checkedAmount(bad as unknown as number), moneyError('invalid_amount'), String(bad));
  });
  it('never hands out a negative zero (Intl would print "-$0.00")', () => {
    const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    assert.equal(usd.format(checkedAmount(-0)), '$0.00');
    assert.equal(formatMoney(-0, 'USD', 'en-US'), '$0.00');
    assert.equal(usd.format(parseDecimal('-0.00', 'USD')), '$0.00');
    assert.deepEqual(allocate(-0, [1, 1]).map((part) => usd.format(part)), ['$0.00', '$0.00']);
    assert.deepEqual(allocate(-1, [1, 1]).map((part) => usd.format(part / 100)), ['-$0.01', '$0.00']);
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
    assert.equal(roundDiv(0n, -7n), 0n);
    assert.equal(roundDiv(-7n, -2n), 4n);
    assert.equal(roundDiv(-4n, -3n), 1n);
    assert.equal(roundDiv(2n, 5n), 0n);
    assert.equal(roundDiv(-2n, 5n), 0n);
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
    assert.throws(() => roundDiv(-1n, 0n), moneyError('invalid_amount'));
    assert.throws(() => roundDiv(0n, 0n), moneyError('invalid_amount'));
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
    assert.equal(parseDecimal('+3.5', 'USD'), 350);
    assert.equal(parseDecimal('-.5', 'USD'), -50);
    assert.equal(parseDecimal('0.007', 'KWD'), 7);
    assert.equal(parseDecimal('12.3', 'kwd'), 12300);
    assert.equal(parseDecimal('007', 'JPY'), 7);
  });
  it('rejects too many decimals, junk and overflow', () => {
    assert.throws(() => parseDecimal('1.234', 'USD'), moneyError('invalid_amount'));
    assert.throws(() => parseDecimal('1.5', 'JPY'), moneyError('invalid_amount'));
    for (const bad of ['', ' ', '.', '-', '+', '-.', '+.', 'abc', '1,000.00', '1e3', '--1', '1.2.3', 'NaN', '1 000', '$5', '5$', '0x10', '.5.', '1-']) {
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
    assert.equal(formatMoney(1234, 'usd', 'en-US'), '$12.34');
    assert.equal(formatMoney(1234, 'kwd', 'en-US'), 'KWD\u00a01.234');
    // one formatter per locale and currency: the same currency in two locales, two currencies in one
    assert.equal(formatMoney(123456, 'EUR', 'en-US'), '€1,234.56');
    assert.equal(formatMoney(123456, 'EUR', 'de-DE'), '1.234,56\u00a0€');
    assert.equal(formatMoney(123456, 'EUR', 'en-US'), '€1,234.56');
    assert.equal(formatMoney(123456, 'JPY', 'en-US'), '¥123,456');
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
    assert.throws(() => allocate(1, [1.5, 2]), moneyError('invalid_amount'));
    assert.throws(() => allocate(1.5, [1, 2]), moneyError('invalid_amount'));
  });
  it('gives leftover units to the largest remainders, ties to the earlier share', () => {
    // 10 over 1:2:4 is 1.43 / 2.86 / 5.71: the two units left after 1 + 2 + 5 go to .86 and .71.
    assert.deepEqual(allocate(10, [1, 2, 4]), [1, 3, 6]);
    assert.deepEqual(allocate(-10, [1, 2, 4]), [-1, -3, -6]);
    assert.deepEqual(allocate(10, [4, 2, 1]), [6, 3, 1]);
    assert.deepEqual(allocate(2, [1, 1, 1]), [1, 1, 0]);
    assert.deepEqual(allocate(1, [1, 1, 1, 1, 1]), [1, 0, 0, 0, 0]);
    assert.deepEqual(allocate(3, [1, 1, 1, 1, 1]), [1, 1, 1, 0, 0]);
    assert.deepEqual(allocate(7, [5, 0, 5]), [4, 0, 3]);
    assert.deepEqual(allocate(3, [0, 1, 0, 1]), [0, 2, 0, 1]);
    assert.deepEqual(allocate(5, [0, 0, 0]), [2, 2, 1]);
    assert.deepEqual(allocate(0, [3, 0]), [0, 0]);
  });
  it('is the largest-remainder split of the exact shares (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 9), max: 10 ** 9 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          const sign = total < 0 ? -1n : 1n;
          const magnitude = BigInt(Math.abs(total));
          const used = weights.some((w) => w > 0) ? weights.map(BigInt) : weights.map(() => 1n);
          const sum = used.reduce((a, b) => a + b, 0n);
          const floors = used.map((w) => (magnitude * w) / sum);
          const remainders = used.map((w) => (magnitude * w) % sum);
          const extra = parts.map((p, i) => BigInt(p) * sign - (floors[i] ?? 0n));
          extra.forEach((e) => assert.ok(e === 0n || e === 1n));
          // Whoever got a unit more has a larger remainder than whoever did not, or an equal one and an earlier place.
          extra.forEach((ei, i) => extra.forEach((ej, j) => {
            if (ei === 1n && ej === 0n) {
              const ri = remainders[i] ?? 0n;
              const rj = remainders[j] ?? 0n;
              assert.ok(ri > rj || (ri === rj && i < j), `share ${i} got a leftover unit before share ${j}`);
            }
          }));
        },
      ),
    );
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
