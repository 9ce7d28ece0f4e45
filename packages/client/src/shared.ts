import { connect, type ClientOptions, type SubkitConnection } from './transport.js';

const REGISTRY = Symbol.for('subkit.sharedClients');

/**
 * One connection per (baseUrl, publishableKey) on the page, so widgets share it and its stores. The
 * registry lives on `globalThis` so two copies of this package on one page still share. A later caller's
 * session or `getSession` is adopted when the shared connection has none.
 */
export function getSharedClient(options: ClientOptions): SubkitConnection {
  const scope = globalThis as unknown as Record<symbol, Map<string, SubkitConnection> | undefined>;
  const registry = (scope[REGISTRY] ??= new Map());
  const key = `${options.baseUrl.replace(/\/+$/, '')}|${options.publishableKey ?? ''}`;
  const existing = registry.get(key);
  if (!existing) {
    const client = connect(options);
    registry.set(key, client);
    return client;
  }
  if (options.session && existing.session === null) existing.setSession(options.session);
  if (options.getSession && !existing.options.getSession) existing.setSessionProvider(options.getSession);
  return existing;
}
