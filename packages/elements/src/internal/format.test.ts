import '../../test/readable-failures.js';
import { expect, fixture, html } from '@open-wc/testing';
import { formatMoney } from '@subkit/core';
import { money } from './format.js';

/** Where each character of an element's text is drawn, left to right on screen. */
function glyphs(el: Element): { char: string; left: number }[] {
  const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')!;
  const text = node.textContent ?? '';
  const range = document.createRange();
  const out: { char: string; left: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const rect = range.getBoundingClientRect();
    if (rect.width > 0) out.push({ char: text[i]!, left: rect.left });
  }
  return out.sort((a, b) => a.left - b.left);
}

describe('money', () => {
  it('keeps an Arabic amount whole in a right-to-left line: "US$" together, the minus at its digits (not "$-20.00 US")', async () => {
    for (const [amount, currency, shown] of [
      [-2000, 'USD', 'US$ -20.00'],
      [123450, 'USD', 'US$ 1,234.50'],
      [-2000, 'EUR', '€ -20.00'],
    ] as const) {
      const el = await fixture(html`<p dir="rtl" lang="ar" style="font: 20px sans-serif; inline-size: 380px">${money(amount, currency, 'ar')}</p>`);
      const seen = glyphs(el).map((g) => g.char).join('').replace(/[\u00a0 ]+/g, ' ');
      // Intl's digits for 'ar' in this browser are Western ones; what matters is the order on screen.
      expect(seen.replace(/[٠-٩]/g, (d) => String('٠١٢٣٤٥٦٧٨٩'.indexOf(d)))).to.equal(shown);
    }
  });

  it('leaves left-to-right locales exactly as Intl formats them', () => {
    expect(money(-2000, 'USD', 'en')).to.equal(formatMoney(-2000, 'USD', 'en'));
    expect(money(123450, 'EUR', 'tr')).to.equal(formatMoney(123450, 'EUR', 'tr'));
  });
});
