export * from './schemas/index.js';
export * from './math/index.js';
// The wire schemas win where math has a type of the same name; math's own types stay at `@subkit/core/math`.
export { ProrationLine, TaxLine } from './schemas/index.js';
export { buyerEndpoints, merchantEndpoints } from './api.js';
export type { Endpoint, EndpointAuth, BuyerEndpoints, MerchantEndpoints } from './api.js';
