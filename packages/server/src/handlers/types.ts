import type * as z from 'zod/mini';
import type { BuyerEndpoints, Endpoint, MerchantEndpoints } from '@subkit/core';
import type { HandlerInput, RequestContext } from '../context.js';

type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;

/** A file answer for endpoints that `produce` PDF or CSV. */
export interface FileResponse {
  readonly kind: 'file';
  readonly contentType: 'application/pdf' | 'text/csv';
  readonly filename: string;
  readonly body: Uint8Array | string;
  /** The language the file is in (sent as Content-Language). */
  readonly language?: string;
}

/** The handler of one endpoint: validated input in, the response object (already matching the schema) out. */
export type HandlerFor<E extends Endpoint> = (
  ctx: RequestContext,
  input: HandlerInput<Infer<E['params']>, Infer<E['query']>, Infer<E['body']>>,
) => Promise<E['response'] extends z.ZodMiniType ? z.infer<E['response']> : FileResponse>;

type AllEndpoints = BuyerEndpoints & MerchantEndpoints;

/** Handlers by endpoint name; the router wires each to its endpoint from the core table. */
export type Handlers = { [K in keyof AllEndpoints]: HandlerFor<AllEndpoints[K]> };
