import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { delay, http, type HttpHandler } from 'msw';
import { freshKey } from '../packages/elements/test/msw.js';
import { apiError } from '../packages/elements/test/handlers.js';

/**
 * What a story shows, which stories.test.ts checks in English and Arabic (with axe): the widget's data,
 * its empty, error or loading state, or a viewer's view of the data (no actions, the role note).
 */
export type StoryState = 'data' | 'empty' | 'error' | 'loading' | 'viewer';

/** The state of the story's one widget, or of each widget by tag. */
export type DeclaredState = StoryState | Partial<Record<`subkit-${'plan-picker' | 'checkout' | 'subscription-manager' | 'billing-history' | 'revenue-dashboard' | 'approvals' | 'quote'}`, StoryState>>;

/** A story's parameters with the state it declares. */
export const shows = (state: DeclaredState, parameters: Record<string, unknown> = {}) => ({ ...parameters, state });

/** Where the stories' fixture API answers (msw intercepts it; nothing leaves the page). */
export const API = 'https://api.subkit.test';

/** The connection attributes of a widget in a story: a fresh key per render gives fresh stores. */
export interface WidgetOptions {
  session?: string;
  locale?: string;
  theme?: string;
  /** Checkout only: start with this plan chosen (as a storefront does after the picker's event). */
  plan?: string;
}

/** Globals of the toolbar (theme, locale) as widget options. */
export function fromGlobals(globals: Record<string, unknown>, session?: string): WidgetOptions {
  return { locale: globals.locale as string, theme: globals.theme as string, ...(session ? { session } : {}) };
}

/** Renders a subkit tag with its connection attributes. */
export function widget(tag: 'plan-picker' | 'checkout' | 'subscription-manager' | 'billing-history' | 'approvals' | 'quote', options: WidgetOptions): TemplateResult {
  const key = freshKey();
  const session = options.session;
  const locale = options.locale;
  const theme = options.theme === 'dark' ? 'dark' : 'light';
  switch (tag) {
    case 'plan-picker':
      return html`<subkit-plan-picker api-base=${API} publishable-key=${key} session=${ifDefined(session)} locale=${ifDefined(locale)} theme=${theme}></subkit-plan-picker>`;
    case 'checkout':
      return html`<subkit-checkout api-base=${API} publishable-key=${key} session=${ifDefined(session)} locale=${ifDefined(locale)} theme=${theme} plan=${ifDefined(options.plan)} interval=${ifDefined(options.plan ? 'month' : undefined)} currency=${ifDefined(options.plan ? 'USD' : undefined)}></subkit-checkout>`;
    case 'subscription-manager':
      return html`<subkit-subscription-manager api-base=${API} publishable-key=${key} session=${ifDefined(session)} locale=${ifDefined(locale)} theme=${theme}></subkit-subscription-manager>`;
    case 'billing-history':
      return html`<subkit-billing-history api-base=${API} publishable-key=${key} session=${ifDefined(session)} locale=${ifDefined(locale)} theme=${theme}></subkit-billing-history>`;
    case 'approvals':
      return html`<subkit-approvals api-base=${API} publishable-key=${key} session=${ifDefined(session)} locale=${ifDefined(locale)} theme=${theme}></subkit-approvals>`;
    case 'quote':
      return html`<subkit-quote api-base=${API} publishable-key=${key} session=${ifDefined(session)} locale=${ifDefined(locale)} theme=${theme}></subkit-quote>`;
  }
}

/** An endpoint that never answers: the widget stays in its loading state. */
export const forever = (path: string, method: 'get' | 'post' = 'get'): HttpHandler => http[method](`*${path}`, () => delay('infinite'));

/** An endpoint that fails with a server error: the widget shows its error state with a retry. */
export const failing = (path: string, method: 'get' | 'post' = 'get'): HttpHandler =>
  http[method](`*${path}`, () => apiError(500, 'api_error', 'internal', 'The billing service is unavailable.'));

/** A brand theme through the public tokens only, as a merchant would set it. */
export const brandTokens = [
  '--subkit-color-primary: #b45309',
  '--subkit-color-accent: #166534',
  '--subkit-radius: 2px',
  '--subkit-font-family: Georgia, serif',
].join(';');
