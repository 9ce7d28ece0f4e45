export { createClient, parseRetryAfter, randomKey } from './client.js';
export type {
  ClientOptions, EndpointMethod, EndpointName, RequestOf, ResponseOf, RetryOptions, SessionGrant, SubkitClient,
} from './client.js';
export { fail, isSubkitError, ok, subkitError } from './errors.js';
export type { Result, SubkitError, SubkitErrorType } from './errors.js';
export { createStores } from './stores.js';
export type { ChangeInput, CheckoutDraft, InvoiceFilters, InvoicesState, Remote, SubkitStores } from './stores.js';
export { getSharedClient } from './shared.js';
