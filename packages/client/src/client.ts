import { buyerEndpoints, type BuyerEndpoints } from '@subkit/core/api';
import type { Result } from './errors.js';
import { connect, type ClientOptions, type EndpointRequest, type EndpointResponse, type NeedsRequest, type SubkitConnection } from './transport.js';

export { connect, randomKey } from './transport.js';
export type { ClientOptions, EndpointRequest, EndpointResponse, SubkitConnection } from './transport.js';
export { parseRetryAfter } from './retry.js';
export type { RetryOptions } from './retry.js';
export type { SessionGrant } from './auth.js';

type Endpoints = BuyerEndpoints;
/** Names of the client's endpoint methods (the keys of `buyerEndpoints`). */
export type EndpointName = keyof Endpoints;

/** The request object of an endpoint method: path params, query, body, signal, idempotency key. */
export type RequestOf<N extends EndpointName> = EndpointRequest<Endpoints[N]>;
/** What an endpoint method resolves to on success: the parsed response, or a Blob for file downloads. */
export type ResponseOf<N extends EndpointName> = EndpointResponse<Endpoints[N]>;

/** One typed method of the client. */
export type EndpointMethod<N extends EndpointName> = NeedsRequest<Endpoints[N]> extends true
  ? (request: RequestOf<N>) => Promise<Result<ResponseOf<N>>>
  : (request?: RequestOf<N>) => Promise<Result<ResponseOf<N>>>;

/** The typed subkit client: one method per buyer endpoint, each resolving to a `Result`. */
export type SubkitClient = { readonly [N in EndpointName]: EndpointMethod<N> } & SubkitConnection & {
  /** Calls an endpoint by name: what the named methods do. */
  request<N extends EndpointName>(name: N, request?: RequestOf<N>): Promise<Result<ResponseOf<N>>>;
};

/**
 * Creates the typed client of the buyer and public API: a connection (`connect`) with one method per
 * endpoint. Widgets and stores use the connection alone, so a page's bundle carries only the wire rules
 * of the endpoints it calls; this full client carries them all.
 */
export function createClient(options: ClientOptions): SubkitClient {
  const connection = connect(options);
  const send = connection.send as (endpoint: unknown, request?: unknown) => Promise<Result<unknown>>;
  const methods: Record<string, unknown> = {
    request: (name: EndpointName, request?: unknown) => send(buyerEndpoints[name], request),
  };
  for (const name of Object.keys(buyerEndpoints) as EndpointName[]) {
    methods[name] = (request?: unknown) => send(buyerEndpoints[name], request);
  }
  // The connection's getters (session, signedIn) stay live: methods are added onto it, not copied from it.
  return Object.assign(connection, methods) as unknown as SubkitClient;
}
