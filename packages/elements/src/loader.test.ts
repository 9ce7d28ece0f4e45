import { expect } from '@open-wc/testing';
import './loader.js';
import { until } from '../test/helpers.js';

// The loader registers every tag, but fetches a widget's code only once its tag is on the page.
describe('the loader (dist/subkit.js)', () => {
  const widgets = ['subkit-plan-picker', 'subkit-checkout', 'subkit-subscription-manager', 'subkit-billing-history'];

  it('defines the provider at once and no widget before its tag appears', () => {
    expect(customElements.get('subkit-provider')).to.not.equal(undefined);
    for (const tag of widgets) expect(customElements.get(tag), tag).to.equal(undefined);
  });

  it("defines a widget once its tag is added, however deep, and leaves the others' code unloaded", async () => {
    const wrapper = document.createElement('div');
    wrapper.innerHTML = '<section><subkit-checkout></subkit-checkout></section>';
    document.body.append(wrapper);
    await until(() => !!customElements.get('subkit-checkout'), 'checkout defined');
    expect(wrapper.querySelector('subkit-checkout')!.shadowRoot, 'the element on the page is upgraded').to.not.equal(null);
    expect(customElements.get('subkit-plan-picker')).to.equal(undefined);
    document.body.append(document.createElement('subkit-plan-picker'));
    await until(() => !!customElements.get('subkit-plan-picker'), 'picker defined');
    expect(customElements.get('subkit-billing-history')).to.equal(undefined);
    wrapper.remove();
  });
});
