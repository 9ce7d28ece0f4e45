import '../../test/readable-failures.js';
import { expect } from '@open-wc/testing';
import { count, date, period } from '../internal/format.js';
import { prepareRowFormats } from './invoice-list.templates.js';

/** Counts the Intl date and number formatters made while `run` runs. */
function formattersMade(run: () => void): number {
  const { DateTimeFormat, NumberFormat } = Intl;
  let made = 0;
  const counting = <T extends object>(original: T): T =>
    new Proxy(original, {
      construct(target, args) {
        made++;
        return Reflect.construct(target as never, args) as object;
      },
    });
  Intl.DateTimeFormat = counting(DateTimeFormat);
  Intl.NumberFormat = counting(NumberFormat);
  try {
    run();
  } finally {
    Intl.DateTimeFormat = DateTimeFormat;
    Intl.NumberFormat = NumberFormat;
  }
  return made;
}

describe('prepareRowFormats', () => {
  it('makes the date and number formatters of the rows and the footer before the invoices arrive, so drawing them makes none', () => {
    // Turkish: no other test in this file formats in it, so its formatters are not made yet.
    expect(formattersMade(() => prepareRowFormats('tr'))).to.equal(2);
    const drawing = formattersMade(() => {
      date('2026-11-01T00:00:00.000Z', 'tr');
      period('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'tr');
      count(100, 'tr');
    });
    expect(drawing).to.equal(0);
  });
});
