import { LitElement, css, html, type PropertyDeclarations } from 'lit';
import { ContextProvider } from '@lit/context';
import { getSharedClient, type SessionGrant, type SubkitConnection } from '@subkit/client';
import { subkitContext } from '../internal/context.js';

/**
 * Gives every subkit widget inside it one client (and so one set of shared stores): the page
 * configures the API, the key and the buyer session once.
 *
 * @slot - The widgets (and any other content).
 */
export class SubkitProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;
  static override properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base' },
    publishableKey: { attribute: 'publishable-key' },
    session: {},
    getSession: { attribute: false },
    client: { attribute: false },
  };

  /** Origin of the subkit API, e.g. `https://api.shop.example`. */
  declare apiBase?: string;
  /** The merchant's publishable key `pk_…`. */
  declare publishableKey?: string;
  /** A buyer session token; prefer `getSession`, which is called again when the token expires. */
  declare session?: string;
  /** Called for a fresh buyer session token (the merchant's backend mints it). */
  declare getSession?: () => Promise<SessionGrant>;
  /** A client the page built itself (frameworks, tests); wins over the attributes. */
  declare client?: SubkitConnection;

  readonly #provider = new ContextProvider(this, { context: subkitContext });

  override connectedCallback(): void {
    super.connectedCallback();
    // Provide before the first render: nested widgets ask for the client as soon as they connect.
    this.#provide();
  }

  protected override willUpdate(): void {
    this.#provide();
  }

  #provide(): void {
    const client = this.client ?? (this.apiBase ? getSharedClient({ baseUrl: this.apiBase, publishableKey: this.publishableKey }) : null);
    if (!client) return;
    if (this.session && client.session !== this.session) client.setSession(this.session);
    if (this.getSession) client.setSessionProvider(this.getSession);
    const hasSession = client.signedIn;
    const current = this.#provider.value;
    if (current?.client === client && current.hasSession === hasSession) return;
    this.#provider.setValue({ client, hasSession });
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'subkit-provider': SubkitProvider;
  }
}
