import * as z from 'zod/mini';
import { ApiErrorBody, buyerEndpoints, merchantEndpoints, type Endpoint } from '@subkit/core';
import type { ServerConfig } from './context.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  return out;
}

const SECURITY: Record<Endpoint['auth'], Array<Record<string, string[]>>> = {
  none: [],
  publishable: [{ publishableKey: [] }, { publishableKeyHeader: [] }, { buyerSession: [] }],
  session: [{ buyerSession: [] }],
  secret: [{ secretKey: [] }],
};

function parameters(schema: z.ZodMiniObject | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
});

function operation(name: string, endpoint: Endpoint): JsonSchema {
  const responses: Record<string, unknown> = {
    200: endpoint.produces
      ? { description: 'OK', content: { [endpoint.produces]: { schema: { type: 'string', format: 'binary' } } } }
      : { description: 'OK', content: { 'application/json': { schema: endpoint.response ? jsonSchema(endpoint.response, 'output') : {} } } },
    400: errorResponse('Invalid request: `error.param` names the offending field.'),
  };
  if (endpoint.auth !== 'none') responses[401] = errorResponse('Missing, invalid, expired, revoked or other-origin credentials.');
  if (endpoint.permission) responses[403] = errorResponse(`The session's role lacks \`${endpoint.permission}\`.`);
  if (endpoint.path.includes(':')) responses[404] = errorResponse('No such object (or one of another company).');
  if (endpoint.method !== 'GET') {
    responses[409] = errorResponse('Conflict: stale version, invalid state, or the same Idempotency-Key still in progress.');
    responses[422] = errorResponse('The Idempotency-Key was used before with a different request.');
  }
  const op: JsonSchema = {
    operationId: name,
    summary: endpoint.summary,
    security: endpoint.scope ? [...SECURITY[endpoint.auth], { merchantSession: [endpoint.scope] }] : SECURITY[endpoint.auth],
    parameters: [
      ...parameters(endpoint.params, 'path'),
      ...parameters(endpoint.query, 'query'),
      ...(endpoint.method === 'GET'
        ? []
        : [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }]),
    ],
    responses,
  };
  if (endpoint.permission) op['x-subkit-permission'] = endpoint.permission;
  if (endpoint.body) {
    op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } } };
  }
  return op;
}

/** The OpenAPI 3.1 document of the API, generated from the endpoint table and zod schemas of `@subkit/core`. */
export function buildOpenApi(config: Pick<ServerConfig, 'merchantName'>): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, endpoint] of Object.entries({ ...buyerEndpoints, ...merchantEndpoints } as Record<string, Endpoint>)) {
    const path = endpoint.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[endpoint.method.toLowerCase()] = operation(name, endpoint);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${config.merchantName} — subkit API`,
      version: '1',
      description: 'Subscription commerce API: catalog, buyer sessions, checkout, subscriptions, invoices. Errors share one shape.',
    },
    paths,
    components: {
      securitySchemes: {
        publishableKey: { type: 'http', scheme: 'bearer', description: 'Publishable key `pk_…` (read-only catalog).' },
        publishableKeyHeader: { type: 'apiKey', in: 'header', name: 'Publishable-Key' },
        buyerSession: { type: 'http', scheme: 'bearer', description: 'Buyer session token `bs_…` minted by the merchant backend.' },
        secretKey: { type: 'http', scheme: 'bearer', description: "The merchant's secret key `sk_…` (server to server only)." },
        merchantSession: {
          type: 'http',
          scheme: 'bearer',
          description: "Merchant session token `ms_…` minted with the secret key for the merchant's own admin widgets; read-only, by scope.",
        },
      },
      schemas: { ApiError: jsonSchema(ApiErrorBody, 'output') },
    },
  };
}
