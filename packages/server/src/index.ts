export { openDatabase, dumpPglite, pgErrorCode, PG_ERROR } from './db/open.js';
export type { OpenDatabaseOptions, PgliteDatabase } from './db/open.js';
export { migrate, listMigrations } from './db/migrate.js';
export type { Migration } from './db/migrate.js';
export type { Database, Sql } from './db/types.js';
export { newId, randomBase62 } from './ids.js';
export { ApiError, invalidRequest, notFound, conflict, forbidden } from './errors.js';
export type { BuyerPrincipal, MerchantPrincipal, PublicPrincipal, Principal, ServerConfig, RequestContext, HandlerInput } from './context.js';
export type { Handlers, HandlerFor, FileResponse } from './handlers/types.js';
