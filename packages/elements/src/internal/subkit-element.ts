import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { SessionGrant } from '@subkit/client';
import { ClientController } from './client-controller.js';
import { localizing } from './locale-controller.js';

/**
 * The connection and presentation attributes every subkit widget shares, and the client controller
 * that turns them (or a `<subkit-provider>` ancestor) into a client with shared stores.
 * Deliberately small: rendering, strings and data live in each widget.
 *
 * @cssstate localizing - The string table of the widget's locale is still loading: the widget is hidden (`visibility: hidden`) until it arrives, instead of showing English words around data in another language. Never set for English.
 */
export class SubkitElement extends LitElement {
  static override properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base' },
    publishableKey: { attribute: 'publishable-key' },
    session: {},
    getSession: { attribute: false },
    locale: {},
    theme: { reflect: true },
  };
  /** Origin of the subkit API, e.g. `https://api.shop.example`; not needed inside a `<subkit-provider>`. */
  declare apiBase?: string;
  /** The merchant's publishable key `pk_…`. */
  declare publishableKey?: string;
  /** A buyer session token minted by the merchant's backend; prefer `getSession` for refreshable tokens. */
  declare session?: string;
  /** Called for a fresh buyer session token when there is none or it expired. */
  declare getSession?: () => Promise<SessionGrant>;
  /** Locale of strings, money and dates (`en`, `zh-CN`, `ar`, `hi`, `tr`); defaults to the nearest `lang`. */
  declare locale?: string;
  /** Colour theme: `auto` follows `prefers-color-scheme`. */
  theme: 'auto' | 'light' | 'dark' = 'auto';

  /** The resolved client and stores. */
  protected readonly subkit = new ClientController(this);
  /** Carries the widget's custom states (`:state(loading)`, `:state(error)`, …) for page styles. */
  protected readonly internals: ElementInternals = this.attachInternals();

  // In every update, before the frame is painted (widgets override `updated` for their own states): hidden
  // while its words load (see `localizing`).
  protected override update(changed: PropertyValues): void {
    super.update(changed);
    this.setStates({ localizing: localizing(this) });
  }

  /** Turns custom states on or off, so designers can style `subkit-checkout:state(busy)`. */
  protected setStates(states: Record<string, boolean>): void {
    for (const [name, on] of Object.entries(states)) {
      if (on) this.internals.states.add(name);
      else this.internals.states.delete(name);
    }
  }
}
