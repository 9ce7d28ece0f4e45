import { expect } from '@open-wc/testing';
import { prepareIntl } from './intl-ready.js';
import { until } from '../../test/helpers.js';

/** What prepareIntl(history) did once the page was idle: the Intl objects it made, the inputs it added to the page. */
async function warmed(history: boolean) {
  const { DateTimeFormat, NumberFormat, PluralRules } = Intl;
  const { formatRange } = DateTimeFormat.prototype;
  const made: string[] = [];
  const inputs: string[] = [];
  Intl.DateTimeFormat = new Proxy(DateTimeFormat, { apply: (t, self, args) => (made.push('date'), Reflect.apply(t, self, args)) });
  Intl.NumberFormat = new Proxy(NumberFormat, { apply: (t, self, args) => (made.push('number'), Reflect.apply(t, self, args)) });
  Object.assign(Intl, { PluralRules: new Proxy(PluralRules, { construct: (t, args, target) => (made.push('plural'), Reflect.construct(t, args, target)) }) });
  DateTimeFormat.prototype.formatRange = function (this: Intl.DateTimeFormat, ...args: Parameters<typeof formatRange>) {
    made.push('range');
    return formatRange.apply(this, args);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLInputElement) inputs.push(node.type);
  });
  observer.observe(document.body, { childList: true });
  const focused = document.activeElement;
  try {
    prepareIntl(history);
    await until(() => made.includes('number'), 'the idle callback ran');
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { made, inputs, left: document.body.querySelectorAll(':scope > input').length, focusKept: document.activeElement === focused };
  } finally {
    observer.disconnect();
    Object.assign(Intl, { DateTimeFormat, NumberFormat, PluralRules });
    DateTimeFormat.prototype.formatRange = formatRange;
  }
}

describe('prepareIntl (what the loader warms while a widget downloads)', () => {
  it('makes a date and a number formatter, and nothing else, for any widget', async () => {
    const { made, inputs } = await warmed(false);
    expect(made).to.deep.equal(['date', 'number']);
    expect(inputs).to.deep.equal([]);
  });

  it("also meets what the billing history's first frame meets — a date range, plural rules, a date input — and leaves the page as it was", async () => {
    const { made, inputs, left, focusKept } = await warmed(true);
    expect(made).to.deep.equal(['date', 'number', 'range', 'plural']);
    expect(inputs, 'one date input styled').to.deep.equal(['date']);
    expect(left, 'no input left on the page').to.equal(0);
    expect(focusKept, 'focus unchanged').to.equal(true);
  });
});
