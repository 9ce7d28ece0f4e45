import { createContext } from '@lit/context';
import type { SubkitClient, SubkitStores } from '@subkit/client';

/** What `<subkit-provider>` hands to the widgets inside it: one client and its shared stores. */
export interface SubkitContextValue {
  client: SubkitClient;
  stores: SubkitStores;
  /** True when the provider has a session token or a `getSession` hook. */
  hasSession: boolean;
}

/** The Lit context key of the shared client; nested widgets consume it instead of creating their own. */
export const subkitContext = createContext<SubkitContextValue | undefined>(Symbol.for('subkit-client'));
