// What the end-to-end tests run against: the real reference server app (what `npm start` serves) on a
// fresh PGlite data folder and a free port, the widgets' real bundle, and Debian's Chromium.
import { after, afterEach, before } from 'node:test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import UPNG from 'upng-js';
import { generateKeys, loadConfig, openDatabase, type Database } from '@subkit/server';
import { pgliteDump } from '../../packages/server/test/pglite-template.js';
import { createReferenceApp, type ReferenceAppOptions } from '@subkit/reference-server/src/app.js';
import { chromiumArgs, chromiumPath } from '../chromium.mjs';
import { ROOT, ensureWidgetsBuilt, scratchDir } from '../workspace.js';

/** The repository, its widgets' bundle and scratch folders (test/workspace.ts): the e2e files take them from here. */
export { ROOT, ensureWidgetsBuilt, scratchDir };
/** Where each step's screenshot is saved (gitignored). */
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}


/** A running reference server. */
export interface RunningServer {
  url: string;
  /** The test-mode secret key the server holds: the browser must never see it. */
  secretKey: string;
  /** Moves the server's clock forward (renewals, proration mid-period, session expiry). */
  advance: (ms: number) => void;
  /** The server's current time. */
  now: () => Date;
  /** The server's database (to put test data in place). */
  db: Database;
  stop: () => Promise<void>;
}

/** What a test may add to the reference server. */
export interface StartOptions extends Pick<ReferenceAppOptions, 'onCspViolation'> {
  /** Sees each request first and calls `next` for those it leaves to the reference app (e.g. example apps under /examples/). */
  readonly before?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** More settings, as environment variables (e.g. `SUBKIT_PAYMENTS=stripe` with the STRIPE_* keys of a fake Stripe). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts the reference server's app (the one `npm start` serves: API, storefront login, storefront, widget
 * bundle) in this process, on a fresh PGlite database with the demo data and a free port. Its clock is
 * the wall clock plus an offset the test can move forward, as a test clock would.
 */
export async function startReferenceServer(options: StartOptions = {}): Promise<RunningServer> {
  const { before, env, ...appOptions } = options;
  const scratch = mkdtempSync(join(tmpdir(), 'subkit-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const keys = generateKeys('test');
  const config = loadConfig({
    SUBKIT_SECRET_KEY: keys.secretKey,
    SUBKIT_PUBLISHABLE_KEY: keys.publishableKey,
    SUBKIT_ALLOWED_ORIGINS: url,
    ...env,
  });
  // The server tests' PGlite image (migrated and seeded with the demo data once per run), unpacked into a
  // fresh data folder: ≈2 s of CPU where a new cluster, the migrations and the seed took ≈6-9 s.
  const db = await openDatabase({ dataDir: join(scratch, 'pglite'), loadDataDir: await pgliteDump() });
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const errors: unknown[] = [];
  const app = createReferenceApp({ db, config, clock: now, onError: (err) => errors.push(err), ...appOptions });
  const listener: Server = await new Promise((resolve, reject) => {
    const s = createHttpServer(before ? (req, res) => before(req, res, () => app(req, res)) : app);
    s.listen(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return {
    url,
    secretKey: keys.secretKey,
    advance: (ms) => {
      offset += ms;
    },
    now,
    db,
    stop: async () => {
      listener.closeAllConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      await db.close();
      rmSync(scratch, { recursive: true, force: true });
      if (errors.length) throw new AggregateError(errors, 'the reference server reported internal errors');
    },
  };
}

/** Launches Debian's Chromium (or CHROMIUM_PATH) with the flags that keep it quiet on a closed network. */
export async function launchChromium(): Promise<Browser> {
  // launch() gives every run a fresh, throwaway user-data dir.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/** The Chromium the files of this process share, once `shareChromium` was called (launched by the first file). */
let shared: { browser?: Promise<Browser> } | null = null;

/**
 * Makes the files of this process share one Chromium, closed after the last of them: a launch and its exit
 * cost ≈1.5 s of CPU here, paid once per process instead of once per file (13 end-to-end files). Each file still
 * makes its own contexts and pages, so nothing a page keeps — cookies, storage, cache, permissions — passes
 * from one file to the next. Called at the top level of the entry that imports the files (one-process.ts).
 */
export function shareChromium(): void {
  shared = {};
  after(async () => {
    await (await shared?.browser)?.close();
  });
}

/** What a file's tests drive: a reference server, Chromium, and the page the file asked for. */
export interface Storefront {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The page's context (only where the file asked for a page). */
  readonly context: BrowserContext;
  readonly page: Page;
}

/** How a file wants its storefront. */
export interface StorefrontOptions {
  /** The reference server's options, or a function that makes them when it starts (e.g. with a fake Stripe's address). */
  readonly server?: StartOptions | (() => Promise<StartOptions>);
  /** The options of the context of one page made for the file; without them the file opens its own pages. */
  readonly page?: BrowserContextOptions;
  /** Builds the widgets' bundle first when it is missing (true unless the file serves them some other way). */
  readonly widgets?: boolean;
}

/**
 * The set-up every end-to-end file shares, called in its `describe`: before its tests, a reference server
 * (startReferenceServer) and Chromium, and the page it asked for; after them, all of it closed again. The
 * file's own `before` and `after` hooks, registered after this call, run after these.
 */
export function useStorefront(options: StorefrontOptions = {}): Storefront {
  const made: { server?: RunningServer; browser?: Browser; context?: BrowserContext; page?: Page } = {};
  before(async () => {
    if (options.widgets !== false) ensureWidgetsBuilt();
    made.server = await startReferenceServer(typeof options.server === 'function' ? await options.server() : options.server);
    made.browser = await (shared ? (shared.browser ??= launchChromium()) : launchChromium());
    if (options.page) {
      // Reduced motion: the skeletons' shimmer (a background-position animation, repainted every frame) stops; a
      // test that wants motion says so in its options.
      made.context = await made.browser.newContext({ reducedMotion: 'reduce', ...options.page });
      made.page = await made.context.newPage();
    }
  });
  // A failed test leaves what its file's open pages show, SUBKIT_SCREENSHOTS or not (a page its test closed is gone).
  afterEach(async (t) => {
    // TestContext.passed (Node 20.12+) is not in the @types/node we pin.
    if ((t as { passed?: boolean }).passed !== false || !made.browser) return;
    mkdirSync(ARTIFACTS, { recursive: true });
    const pages = made.browser.contexts().flatMap((context) => context.pages());
    const slug = t.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
    for (const [i, page] of pages.entries()) {
      await page.screenshot({ path: join(ARTIFACTS, `failed-${slug}-${i + 1}.png`), fullPage: true }).catch(() => undefined);
    }
  });
  after(async () => {
    await made.context?.close();
    if (!shared) await made.browser?.close();
    await made.server?.stop();
  });
  const ready = <K extends keyof typeof made>(key: K): NonNullable<(typeof made)[K]> => {
    const value = made[key];
    if (!value) throw new Error(`useStorefront: no ${key} (before the tests start, or a page the file did not ask for)`);
    return value;
  };
  return {
    get server() {
      return ready('server');
    },
    get browser() {
      return ready('browser');
    },
    get context() {
      return ready('context');
    },
    get page() {
      return ready('page');
    },
  };
}

/** Empties test/artifacts/ so a run's screenshots are all its own. */
export function resetArtifacts(): void {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
}

/**
 * Whether every file saves its steps' screenshots (SUBKIT_SCREENSHOTS=1). Without it only the buyer journey's
 * (journey.test.ts, which the README points at) are saved, and a failed test's open pages (useStorefront): a
 * full-page capture costs ~1 s of CPU, and the other files took ~55 of them a run that nobody looked at.
 */
export const ALL_SCREENSHOTS = process.env.SUBKIT_SCREENSHOTS === '1';

/**
 * Saves a full-page screenshot of a step in test/artifacts/ and returns its path — when `always` (the buyer
 * journey's steps) or with SUBKIT_SCREENSHOTS=1; else it returns undefined.
 */
export async function screenshot(page: Page, name: string, options: { always?: boolean } = {}): Promise<string | undefined> {
  if (!options.always && !ALL_SCREENSHOTS) return undefined;
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  // From the top, so the sticky header sits where a visitor sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Where the README's screenshots live (committed; rewritten only when SUBKIT_DOCS_SCREENSHOTS=1). */
export const DOCS_SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

/**
 * With SUBKIT_DOCS_SCREENSHOTS=1, saves a widget's screenshot for the README: cut from a full-page
 * capture taken from the top (so the sticky header does not cover it), with a margin of page around it.
 * A modal dialog (top layer, fixed) is captured as it is on screen.
 */
export async function docsScreenshot(target: Locator, name: string, options: { modal?: boolean } = {}): Promise<void> {
  if (!process.env.SUBKIT_DOCS_SCREENSHOTS) return;
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  const path = join(DOCS_SCREENSHOTS, `${name}.png`);
  if (options.modal) {
    writeFileSync(path, quantized(await target.screenshot({ animations: 'disabled' })));
    return;
  }
  const page = target.page();
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await target.boundingBox();
  if (!box) throw new Error(`${name}: nothing to capture`);
  const margin = 16;
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  const png = await page.screenshot({ fullPage: true, animations: 'disabled', clip: { x, y, width: box.width + 2 * margin, height: box.height + 2 * margin } });
  writeFileSync(path, quantized(png));
}

/** A PNG cut to a 256-colour palette: the committed screenshots stay small. */
function quantized(png: Buffer): Buffer {
  const image = UPNG.decode(toArrayBuffer(png));
  const rgba = UPNG.toRGBA8(image)[0];
  if (!rgba) return png;
  return Buffer.from(UPNG.encode([rgba], image.width, image.height, 256));
}

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

/** With SUBKIT_DOCS_SCREENSHOTS=1, saves what a visitor sees of the page (the viewport, from the top) for the README. */
export async function docsPageScreenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SUBKIT_DOCS_SCREENSHOTS) return;
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  writeFileSync(join(DOCS_SCREENSHOTS, `${name}.png`), quantized(await page.screenshot({ animations: 'disabled' })));
}


const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.2 A and AA, colour contrast included. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe's violations on the page as it is now (an open dialog included), as "rule: targets" lines. axe is injected as
 * a script, which the storefront's CSP refuses: the page's context must bypass it (csp.test.ts checks the CSP).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    // Only the violations are read; for the result types it keeps axe builds a selector for every node, which for
    // the passes of these pages of shadow roots took a third to a half of a scan's time.
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }, WCAG);
}

/**
 * Calls the buyer API as a demo member, with a session minted by the storefront's backend as the page gets it:
 * test set-up only (the widgets are driven through the page). Asserts a 200.
 */
export async function apiAsMember<T = any>(server: RunningServer, customerId: string, method: string, path: string, body?: unknown): Promise<T> {
  const session = await fetch(`${server.url}/storefront/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ customerId }),
  });
  const { token } = (await session.json()) as { token: string };
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      origin: server.url,
      'content-type': 'application/json',
      ...(method === 'GET' ? {} : { 'idempotency-key': `e2e-${Date.now()}-${Math.random()}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${method} ${path} as ${customerId} answered ${res.status}: ${JSON.stringify(json)}`);
  return json as T;
}
