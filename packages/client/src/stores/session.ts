import { atom, type ReadableAtom } from 'nanostores';
import type { SessionInfo } from '@subkit/core/schemas';
import { getSession } from '@subkit/core/endpoints';
import type { Result } from '../errors.js';
import { reactions } from './reactions.js';
import { defineStore, idle, inUse, loadOnMount, loader, type Remote } from './store.js';

/** Who the buyer session is: member, company, role and permissions. */
export interface SessionStore {
  $session: ReadableAtom<Remote<SessionInfo>>;
  /** Loads who the buyer session is. */
  loadSession(): Promise<Result<SessionInfo>>;
}

/** The session store of a client; it loads itself when a widget first shows it and a session is known. */
export const sessionStore = defineStore<SessionStore>('session', (client) => {
  const $session = atom<Remote<SessionInfo>>(idle());
  const load = loader($session);
  const loadSession = () => load.run('', () => client.send(getSession));

  loadOnMount($session, client, loadSession, 'session');
  const react = reactions(client);
  // A purchase changes what the session says: a quote accepted is no longer open (the picker's "View your quote").
  react.on('purchase', () => ($session.value!.data ? loadSession() : Promise.resolve()));
  react.onSessionChange(() => {
    const reload = inUse($session);
    load.reset();
    if (reload && client.signedIn) void loadSession();
  });
  return { $session, loadSession };
});
