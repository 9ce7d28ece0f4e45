export { openDatabase, dumpPglite, pgErrorCode, PG_ERROR } from './db/open.js';
export type { OpenDatabaseOptions, PgliteDatabase } from './db/open.js';
export { migrate, listMigrations } from './db/migrate.js';
export type { Migration } from './db/migrate.js';
export { recordEvent } from './db/events.js';
export type { EventInput, EventSnapshot } from './db/events.js';
export type { Database, Sql } from './db/types.js';
export { newId, randomBase62 } from './ids.js';
export { ApiError, invalidRequest, notFound, conflict, forbidden } from './errors.js';
export type { BuyerPrincipal, MerchantPrincipal, MerchantSessionPrincipal, PublicPrincipal, Principal, ServerConfig, RequestContext, HandlerInput } from './context.js';
export type { Handlers, HandlerFor, FileResponse } from './handlers/types.js';
export { handlers, platformHandlers, billingHandlers } from './handlers/index.js';
export { invalidateCatalogCache } from './handlers/platform/catalog.js';
export { createSubkitApp, createSubkitRouter, allEndpoints } from './app.js';
export type { SubkitRouterOptions } from './app.js';
export { errorBody, toApiError } from './http/errors.js';
export { encodeCursor, decodeCursor, page } from './http/pagination.js';
export { requireBuyer } from './auth/authenticate.js';
export { mintBuyerSession, revokeBuyerSession, resolveBuyerSession, hashToken } from './auth/sessions.js';
export type { MintSessionInput } from './auth/sessions.js';
export { mintMerchantSession, revokeMerchantSession, resolveMerchantSession } from './auth/merchant-sessions.js';
export { generateKeys, modeOfKey } from './auth/keys.js';
export { loadConfig, ConfigError } from './config.js';
export { buildOpenApi } from './openapi.js';
export { seedDemo, DEMO_BUYERS, DEMO_IDS, demoBuyer } from './seed/demo.js';
export { seedDemoQuote, DEMO_QUOTE_ID } from './seed/demo-quote.js';
export { seedDemoApproval } from './seed/demo-approval.js';
export { DEMO_SELLER_ENV } from './seed/demo-seller.js';
export { sellerSettingsFromEnv } from './seller/config.js';
export type { SellerSettings } from './seller/config.js';
export { syncSellerProfile } from './seller/profile.js';
export type { DemoBuyer } from './seed/demo.js';
export {
  paymentProcessor,
  usePaymentProcessor,
  TestProcessor,
  ProcessorUnavailableError,
  attemptKey,
  recordAttempt,
  issueAttempt,
  settleAttempt,
  pendingAttempts,
} from './engine/index.js';
export type { PaymentProcessor, ChargeRequest, ChargeResult, SetupRequest, SetupResult, ProcessorName, Settled } from './engine/index.js';
export {
  createWebhookWorker,
  verifyWebhook,
  signWebhook,
  WebhookSignatureError,
  SIGNATURE_HEADER,
  isNonPublicAddress,
  webhookHandlers,
} from './webhooks/index.js';
export type { WebhookWorker, WebhookWorkerOptions, WorkerPass, VerifyWebhookOptions } from './webhooks/index.js';
export { getMetrics, metricsReport } from './metrics/index.js';
export type { ReportInput, ReportingSettings } from './metrics/index.js';
export {
  runBilling,
  runEnv,
  startBillingWorker,
  describeRun,
  DEFAULT_BATCH_SIZE,
  engineClock,
  loadTestClock,
  advanceTestClock,
  billingSettings,
} from './engine/run/index.js';
export type { RunReport, BillingWorker, WorkerOptions, WorkerRun, BillingSettings, RunEnv } from './engine/run/index.js';
