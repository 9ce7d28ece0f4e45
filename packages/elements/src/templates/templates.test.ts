import '../../test/readable-failures.js';
import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { subkitError } from '@subkit/client';
import { field } from './fields.js';
import { quantityInput } from './quantity.js';
import { emptyState, errorState, loadingState, roleNote, skeleton } from './states.js';

const strings = {
  retry: 'Try again',
  errorNetwork: 'We could not reach the billing service.',
  errorAuth: 'Your session has ended.',
  errorPermission: 'Your role does not allow this.',
  errorBusy: 'The billing service is busy.',
  errorGeneric: 'Something went wrong.',
};

/** Renders a template into a fresh element of the page, as a widget's shadow root would hold it. */
function shown(template: TemplateResult): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  render(template, host);
  return host;
}

const attrs = (el: Element) => Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));

describe('shared templates', () => {
  afterEach(() => document.body.replaceChildren());

  describe('states', () => {
    it('says what failed and why in the widget’s words, as an alert with a retry that runs the load again', () => {
      let retried = 0;
      const el = shown(errorState('The invoices could not be loaded.', subkitError('api_error', 'permission_denied', 'No.', { status: 403 }), strings, () => retried++));
      const panel = el.querySelector('[part~="error"]')!;
      expect(panel.getAttribute('role')).to.equal('alert');
      expect(panel.querySelector('p')!.textContent).to.equal('The invoices could not be loaded. Your role does not allow this.');
      expect(panel.textContent).not.to.contain('No.');
      const retry = panel.querySelector('button[part~="retry"]') as HTMLButtonElement;
      expect(retry.textContent).to.equal('Try again');
      expect(retry.type).to.equal('button');
      retry.click();
      expect(retried).to.equal(1);
    });

    it('announces loading to screen readers and hides the skeleton’s shape from them', () => {
      const el = shown(loadingState('Loading invoices…', [skeleton({ block: '1.4em', inline: '50%' }), skeleton({}, 'row-skeleton')]));
      const status = el.querySelector('[role="status"]')!;
      expect(status.textContent).to.equal('Loading invoices…');
      expect(status.classList.contains('visually-hidden')).to.equal(true);
      const [bar, row] = [...el.querySelectorAll('span')] as HTMLElement[];
      expect(bar!.getAttribute('part')).to.equal('skeleton');
      expect(bar!.style.blockSize).to.equal('1.4em');
      expect(bar!.style.inlineSize).to.equal('50%');
      expect(row!.getAttribute('part')).to.equal('row-skeleton');
      expect(row!.getAttribute('style') ?? '').to.equal('');
    });

    it('shows the empty or signed-out line as part="empty", and a viewer’s note as part="note"', () => {
      const empty = shown(emptyState('Sign in to see your invoices.')).firstElementChild!;
      expect([empty.localName, empty.getAttribute('part'), empty.textContent]).to.deep.equal(['p', 'empty', 'Sign in to see your invoices.']);
      const note = shown(roleNote('You can view plans; a purchaser of your company can buy.')).firstElementChild!;
      expect([note.localName, note.getAttribute('part'), note.textContent]).to.deep.equal(['p', 'note', 'You can view plans; a purchaser of your company can buy.']);
    });
  });

  describe('form fields', () => {
    it('builds every quantity input the same way: numeric, steps of one, bounded, described, invalid only with an error', () => {
      const typed: string[] = [];
      const changed: string[] = [];
      const el = shown(
        quantityInput({
          part: 'input add-on-quantity',
          id: 'addon-trackers',
          min: 0,
          max: 999,
          value: '3',
          error: '',
          describedBy: 'addon-trackers-price addon-trackers-error',
          onInput: (e) => typed.push((e.target as HTMLInputElement).value),
          onChange: (e) => changed.push((e.target as HTMLInputElement).value),
        }),
      );
      const input = el.querySelector('input')!;
      expect(attrs(input)).to.deep.equal({
        part: 'input add-on-quantity',
        id: 'addon-trackers',
        type: 'number',
        inputmode: 'numeric',
        step: '1',
        min: '0',
        max: '999',
        'aria-invalid': 'false',
        'aria-describedby': 'addon-trackers-price addon-trackers-error',
      });
      expect(input.value).to.equal('3');
      input.value = '4';
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new Event('change'));
      expect([typed, changed]).to.deep.equal([['4'], ['4']]);
    });

    it('leaves max off a quantity without an upper bound and marks one with an error invalid', () => {
      const input = shown(quantityInput({ part: 'quantity-input', id: 'q', min: 10, max: null, value: '9', error: 'Enter at least 10.', describedBy: 'q-error', onInput: () => {} })).querySelector('input')!;
      expect(input.hasAttribute('max')).to.equal(false);
      expect(input.getAttribute('min')).to.equal('10');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      input.dispatchEvent(new Event('change'));
    });

    it('ties a field’s label, hint and error to its input', () => {
      const el = shown(field({ id: 'taxValue', label: 'Tax ID', value: 'DE1', error: 'Enter a valid VAT ID.', hint: 'Example: DE136695976', ltr: true, onInput: () => {} }));
      const input = el.querySelector('input')!;
      expect(el.querySelector('label')!.htmlFor).to.equal('taxValue');
      expect(input.getAttribute('aria-describedby')!.split(' ')).to.deep.equal(['taxValue-hint', 'taxValue-error']);
      expect(el.querySelector('#taxValue-hint')!.textContent).to.equal('Example: DE136695976');
      expect(el.querySelector('#taxValue-error')!.textContent).to.equal('Enter a valid VAT ID.');
      expect([input.getAttribute('aria-invalid'), input.dir, input.value]).to.deep.equal(['true', 'ltr', 'DE1']);
    });
  });
});
