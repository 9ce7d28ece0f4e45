export * from './schemas/index.js';
export * from './math/index.js';
export { buyerEndpoints, merchantEndpoints } from './api.js';
export type { Endpoint, EndpointAuth, BuyerEndpoints, MerchantEndpoints } from './api.js';
