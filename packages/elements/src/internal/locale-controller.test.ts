import '../../test/readable-failures.js';
import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { tokens } from '../styles/tokens.js';
import type { LocaleTable } from '../locales/locales.js';
import { LocaleController } from './locale-controller.js';
import { SubkitElement } from './subkit-element.js';

type Words = { title: string };
let arrive: (words: Words) => void = () => {};
const table: LocaleTable<Words> = {
  en: { title: 'Choose a plan' },
  load: {
    ar: () => new Promise<Words>((resolve) => (arrive = resolve)),
    'zh-CN': async () => ({ title: '选择方案' }),
    hi: async () => ({ title: 'योजना चुनें' }),
    tr: async () => ({ title: 'Bir plan seçin' }),
  },
};

class LocalizedProbe extends SubkitElement {
  static override styles = [tokens];
  readonly words = new LocaleController<Words>(this, table);
  protected override render() {
    return litHtml`<h2 part="title">${this.words.strings.title}</h2>`;
  }
}
customElements.define('subkit-localized-probe', LocalizedProbe);

describe('a widget whose words are still loading', () => {
  it('is hidden (:state(localizing)) until its locale table arrives, then shows that language', async () => {
    const probe = await fixture<LocalizedProbe>(html`<subkit-localized-probe locale="ar"></subkit-localized-probe>`);
    // Its data may well be here already: it would show English words around Arabic names.
    expect(probe.matches(':state(localizing)')).to.equal(true);
    expect(getComputedStyle(probe).visibility).to.equal('hidden');
    arrive({ title: 'اختر خطة' });
    await probe.words.ready;
    await probe.updateComplete;
    expect(probe.matches(':state(localizing)')).to.equal(false);
    expect(getComputedStyle(probe).visibility).to.equal('visible');
    expect(probe.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('اختر خطة');
  });

  it('is never hidden in English, whose words come with the widget', async () => {
    const probe = await fixture<LocalizedProbe>(html`<subkit-localized-probe locale="en"></subkit-localized-probe>`);
    expect(probe.matches(':state(localizing)')).to.equal(false);
    expect(getComputedStyle(probe).visibility).to.equal('visible');
  });
});
