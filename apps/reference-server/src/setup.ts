import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SELLER_ENV, generateKeys, loadConfig, loadTestClock, migrate, openDatabase, seedDemo, seedDemoApproval, seedDemoQuote, type Database, type ServerConfig } from '@subkit/server';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DATA_DIR = join(APP_DIR, 'data', 'pglite');

/** Test-mode keys for `npm start` without SUBKIT_SECRET_KEY: made once, kept next to the data so restarts keep them. */
function localTestKeys(keysFile: string): { secretKey: string; publishableKey: string; created: boolean } {
  if (existsSync(keysFile)) {
    const stored = JSON.parse(readFileSync(keysFile, 'utf8')) as { secretKey: string; publishableKey: string };
    return { ...stored, created: false };
  }
  const keys = generateKeys('test');
  mkdirSync(dirname(keysFile), { recursive: true });
  writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { ...keys, created: true };
}

/** What the reference server and its worker run with. */
export interface ReferenceSetup {
  readonly config: ServerConfig;
  readonly db: Database;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly applied: string[];
  /** Set when the keys came from (or were just written to) the local keys file. */
  readonly generated: { created: boolean; file: string } | undefined;
}

/**
 * The deployment's settings and database, as `npm start` and the worker share them: DATABASE_URL (a
 * Postgres server) or SUBKIT_DATA_DIR (PGlite, default apps/reference-server/data/pglite), the keys from
 * the environment or the local test keys file, migrations applied (and the demo seeded unless SUBKIT_SEED=0).
 */
export async function openReference(opts: { port?: number; seed?: boolean } = {}): Promise<ReferenceSetup> {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = resolve(process.env.SUBKIT_DATA_DIR ?? DEFAULT_DATA_DIR);
  const env = { ...process.env };
  let generated: ReferenceSetup['generated'];
  if (!env.SUBKIT_SECRET_KEY) {
    const file = join(databaseUrl ? join(APP_DIR, 'data') : dirname(dataDir), 'test-keys.json');
    const keys = localTestKeys(file);
    env.SUBKIT_SECRET_KEY = keys.secretKey;
    env.SUBKIT_PUBLISHABLE_KEY = keys.publishableKey;
    generated = { created: keys.created, file };
  }
  if (opts.port !== undefined) {
    // The storefront is served from this very server, so its own origin is always allowed.
    const ownOrigins = [`http://localhost:${opts.port}`, `http://127.0.0.1:${opts.port}`];
    env.SUBKIT_ALLOWED_ORIGINS = [...ownOrigins, ...(env.SUBKIT_ALLOWED_ORIGINS ?? '').split(',')].filter(Boolean).join(',');
  }
  // The demo merchant's seller identity (legal name, address, VAT ID, bank details) unless the environment names one.
  if (!Object.keys(env).some((k) => k.startsWith('SUBKIT_SELLER_'))) for (const [name, value] of Object.entries(DEMO_SELLER_ENV)) env[name] ??= value;
  const config = loadConfig(env);
  const db = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
  const applied = await migrate(db);
  const seed = opts.seed !== false && process.env.SUBKIT_SEED !== '0';
  if (seed) await seedDemo(db);
  // Test mode: the engine's now is where the test clock was left (it survives restarts).
  const offset = await loadTestClock(db);
  // Acme's open Enterprise quote (the Quotes page), valid 30 days from the engine's now.
  if (seed) await seedDemoQuote(db, new Date(Date.now() + offset));
  // Acme's purchasing policy and one purchase request by its purchaser, waiting for the billing admin.
  if (seed) await seedDemoApproval(db, config, new Date(Date.now() + offset));
  return { config, db, databaseUrl, dataDir, applied, generated };
}
