import { createContext } from '@lit/context';
import type { SubkitConnection } from '@subkit/client';

/** What `<subkit-provider>` hands to the widgets inside it: one client, and so one set of shared stores. */
export interface SubkitContextValue {
  client: SubkitConnection;
  /** True when the provider has a session token or a `getSession` hook. */
  hasSession: boolean;
}

/** The Lit context key of the shared client; nested widgets consume it instead of creating their own. */
export const subkitContext = createContext<SubkitContextValue | undefined>(Symbol.for('subkit-client'));
