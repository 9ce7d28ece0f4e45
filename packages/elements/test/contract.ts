import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SubkitErrorEvent } from '../src/events/index.js';
import { freshKey } from './msw.js';
import { $, $$, text, until } from './helpers.js';

/** The widget states a contract test asks the fixture server for. */
export type ContractState = 'data' | 'empty' | 'loading' | 'error';

/** One request the fixture server answered (for "nothing was asked" checks). */
export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string | null;
}

/** The buyer session of every signed-in mount. */
const CONTRACT_SESSION = 'tok_contract';

/**
 * The requests a signed-out widget could have made to the paths of a session. A request the widget of an
 * earlier test sent just before it left the page can reach the fixture server after this test began (it
 * happened in CI under load: /v1/session with that test's token); it carries the earlier test's session
 * token, which a signed-out widget — its own publishable key, so its own client — cannot have.
 */
const signedOutAsked = (requests: SeenRequest[], paths: string[]) =>
  requests.filter((r) => paths.includes(r.path) && r.authorization !== `Bearer ${CONTRACT_SESSION}`);

/** A page style a designer sets, and what it must change inside the widget. */
export interface ThemeCheck {
  /** A `--subkit-*` custom property set on the widget, or a `::part(name)` rule. */
  token?: string;
  part?: string;
  value: string;
  /** The element it must change, and the computed style property that shows it. */
  element: (el: HTMLElement) => Element;
  property: 'backgroundColor' | 'color' | 'borderTopLeftRadius';
  expected: string;
}

/** What `runWidgetContract` needs to know about a widget: how to serve each state and what the states look like. */
export interface WidgetFixtures {
  /** Attributes beyond the connection ones that the widget needs to show a state (the checkout's `plan`). */
  attributes?: (state: ContractState) => Record<string, string>;
  /**
   * Serves the API for a state: `data` as usual, `empty` with nothing to show, `loading` with the widget's
   * main request never answering, `error` with it failing once (a retry then gets the data). Returns what
   * reads the requests the servers answered so far.
   */
  serve(state: ContractState): () => SeenRequest[];
  /** True once the data state is on screen. */
  loaded(el: HTMLElement): boolean;
  /** What the loading state announces to screen readers. */
  loadingText: string;
  /** What the empty state says. */
  emptyText: string;
  /** The error state: a sentence it starts with, and the `subkit-error` event's source and error code. */
  error: { text: string; source: string; code: string };
  /** What the signed-out state says, for a widget that shows nothing without a buyer session; absent when it works signed out. */
  signedOutText?: string;
  /** Paths of requests a signed-out widget must not make. */
  sessionPaths: string[];
  /** The heading in Arabic. */
  arabicTitle: string;
  /** Parts the data state shows, for designers' `::part()` rules. */
  parts: string[];
  /** How the page's tokens and `::part()` rules reach the widget. */
  theming: ThemeCheck[];
  /** Controls of the data state the keyboard must reach with Tab (selectors in the shadow root, first match). */
  keyboard: string[];
}

interface MountOptions {
  state?: ContractState;
  session?: boolean;
  locale?: string;
  theme?: string;
}

/** The widget's connection attributes and the fixture's own, as a page would write them. */
async function mount(tag: string, fixtures: WidgetFixtures, options: MountOptions = {}): Promise<HTMLElement> {
  const el = document.createElement(tag);
  el.setAttribute('api-base', location.origin);
  el.setAttribute('publishable-key', freshKey());
  if (options.session !== false) el.setAttribute('session', CONTRACT_SESSION);
  if (options.locale) el.setAttribute('locale', options.locale);
  if (options.theme) el.setAttribute('theme', options.theme);
  for (const [name, value] of Object.entries(fixtures.attributes?.(options.state ?? 'data') ?? {})) el.setAttribute(name, value);
  return fixture<HTMLElement>(el);
}

async function loaded(tag: string, fixtures: WidgetFixtures, options: MountOptions = {}): Promise<HTMLElement> {
  const el = await mount(tag, fixtures, options);
  await until(() => fixtures.loaded(el), `${tag} shows its data`);
  return el;
}

/** Collects the `subkit-error` events of the page until `stop()`. */
function errorEvents() {
  const events: SubkitErrorEvent[] = [];
  const listener = (event: SubkitErrorEvent) => events.push(event);
  document.addEventListener('subkit-error', listener);
  return { events, stop: () => document.removeEventListener('subkit-error', listener) };
}

/** The focused element inside the widget's shadow root (through nested shadow roots), if focus is inside it. */
function focusedInside(el: HTMLElement): Element | null {
  let active = el.shadowRoot?.activeElement ?? null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * What every subkit widget promises, as one suite each widget's tests run: the loading, empty and error
 * states (with a retry, and one `subkit-error` event), the signed-out state, right-to-left Arabic, the dark
 * theme, page tokens and `::part()` rules, the parts designers style, axe with colour contrast, and
 * keyboard reachability. The widget's own test file then holds only what is particular to it.
 */
export function runWidgetContract(tag: string, fixtures: WidgetFixtures): void {
  describe(`${tag}: the widget contract`, () => {
    it('shows a labelled loading skeleton, marked busy, while its data loads', async () => {
      fixtures.serve('loading');
      const el = await mount(tag, fixtures);
      await until(() => $$(el, '[part~="skeleton"]').length > 0, 'skeleton');
      expect($$(el, '[role="status"]').map((n) => text(n))).to.include(fixtures.loadingText);
      expect(el.matches(':state(loading)')).to.equal(true);
      expect($(el, '[part~="skeleton"]').closest('[aria-busy]')?.getAttribute('aria-busy')).to.equal('true');
    });

    it('shows its data, with the parts designers style', async () => {
      fixtures.serve('data');
      const el = await loaded(tag, fixtures);
      expect(el.matches(':state(loading)')).to.equal(false);
      expect(el.matches(':state(error)')).to.equal(false);
      for (const part of fixtures.parts) expect($$(el, `[part~="${part}"]`), `part ${part}`).to.not.be.empty;
    });

    it('says so when there is nothing to show', async () => {
      fixtures.serve('empty');
      const el = await mount(tag, fixtures, { state: 'empty' });
      await until(() => $$(el, '[part~="empty"]').length > 0, 'empty state');
      expect(text($(el, '[part~="empty"]'))).to.equal(fixtures.emptyText);
      expect(el.matches(':state(empty)')).to.equal(true);
    });

    it('shows an error with a retry that loads the data, and emits one subkit-error', async () => {
      fixtures.serve('error');
      const errors = errorEvents();
      try {
        const el = await mount(tag, fixtures);
        await until(() => $$(el, '[part~="error"]').length > 0, 'error state');
        const error = $(el, '[part~="error"]');
        expect(error.getAttribute('role')).to.equal('alert');
        expect(text(error)).to.contain(fixtures.error.text);
        expect(el.matches(':state(error)')).to.equal(true);
        expect(errors.events).to.have.length(1);
        expect(errors.events[0]!.detail.source).to.equal(fixtures.error.source);
        expect(errors.events[0]!.detail.error.code).to.equal(fixtures.error.code);
        expect(errors.events[0]!.bubbles && errors.events[0]!.composed).to.equal(true);
        (error.querySelector('[part~="retry"]') as HTMLButtonElement).click();
        await until(() => fixtures.loaded(el), 'data after retry');
        expect(el.matches(':state(error)')).to.equal(false);
        expect(errors.events).to.have.length(1);
      } finally {
        errors.stop();
      }
    });

    if (fixtures.signedOutText !== undefined) {
      it('asks the buyer to sign in when there is no session, without calling the API for it', async () => {
        const requests = fixtures.serve('data');
        const el = await mount(tag, fixtures, { session: false });
        await until(() => $$(el, '[part~="empty"]').length > 0, 'signed-out note');
        expect(text($(el, '[part~="empty"]'))).to.equal(fixtures.signedOutText);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(signedOutAsked(requests(), fixtures.sessionPaths)).to.deep.equal([]);
      });
    } else {
      it('shows its data signed out, without calling the API for a session', async () => {
        const requests = fixtures.serve('data');
        await loaded(tag, fixtures, { session: false });
        expect(signedOutAsked(requests(), fixtures.sessionPaths)).to.deep.equal([]);
      });
    }

    it('asks nothing while off the page, and loads for what changed meanwhile once back', async () => {
      const requests = fixtures.serve('data');
      const el = await loaded(tag, fixtures);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const parent = el.parentElement!;
      el.remove();
      const before = requests().length;
      // A page that moves a widget, or a framework that keeps a detached one, still sets its properties.
      el.setAttribute('locale', 'ar');
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(requests().slice(before), 'requests of a widget off the page').to.deep.equal([]);
      parent.append(el);
      await until(() => fixtures.loaded(el) && text($(el, '[part~="title"]')) === fixtures.arabicTitle, 'Arabic data back on the page');
    });

    it('renders Arabic right to left', async () => {
      fixtures.serve('data');
      const el = await loaded(tag, fixtures, { locale: 'ar' });
      await until(() => text($(el, '[part~="title"]')) === fixtures.arabicTitle, 'Arabic strings');
      const base = $(el, '[part~="base"]');
      expect(base.getAttribute('dir')).to.equal('rtl');
      expect(base.getAttribute('lang')).to.equal('ar');
      expect(getComputedStyle(base).direction).to.equal('rtl');
    });

    it('switches to the dark theme with theme="dark"', async () => {
      fixtures.serve('data');
      const el = await loaded(tag, fixtures);
      const base = $(el, '[part~="base"]');
      expect(getComputedStyle(base).backgroundColor).to.equal('rgb(255, 255, 255)');
      const widget = el as HTMLElement & { theme: string; updateComplete: Promise<unknown> };
      widget.theme = 'dark';
      await widget.updateComplete;
      expect(el.getAttribute('theme')).to.equal('dark');
      expect(getComputedStyle(base).backgroundColor).to.equal('rgb(20, 22, 28)');
    });

    it('takes --subkit-* tokens and ::part() rules from the page', async () => {
      fixtures.serve('data');
      const el = await loaded(tag, fixtures);
      const style = document.createElement('style');
      document.head.append(style);
      try {
        for (const check of fixtures.theming) {
          if (check.token) el.style.setProperty(check.token, check.value);
          if (check.part) style.textContent += `${tag}::part(${check.part}) { ${check.value} }\n`;
          expect(getComputedStyle(check.element(el))[check.property], check.token ?? check.part).to.equal(check.expected);
        }
      } finally {
        style.remove();
      }
    });

    it('has no axe violations (colour contrast included) with its data and in the error state', async () => {
      fixtures.serve('data');
      await expect(await loaded(tag, fixtures)).to.be.accessible();
      fixtures.serve('error');
      const failed = await mount(tag, fixtures);
      await until(() => $$(failed, '[part~="error"]').length > 0, 'error state');
      await expect(failed).to.be.accessible();
    });

    it('lets the keyboard reach its controls with Tab', async () => {
      fixtures.serve('data');
      const el = await loaded(tag, fixtures);
      const start = document.createElement('button');
      start.textContent = 'before';
      el.before(start);
      start.focus();
      const targets = fixtures.keyboard.map((selector) => $(el, selector));
      const reached = new Set<Element>();
      for (let i = 0; i < 300 && targets.some((t) => !reached.has(t)); i++) {
        await sendKeys({ press: 'Tab' });
        const focused = focusedInside(el);
        if (!focused) break;
        reached.add(focused);
      }
      start.remove();
      for (const [index, target] of targets.entries()) expect(reached.has(target), fixtures.keyboard[index]).to.equal(true);
    });
  });
}
