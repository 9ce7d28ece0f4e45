// What the end-to-end tests run against: the real reference server (the one `npm start` runs) on a
// fresh PGlite data folder and a free port, the widgets' real bundle, and Debian's Chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where each step's screenshot is saved (gitignored). */
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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

/** Builds the widgets' bundle when it is missing, as `npm start` would. */
export function ensureWidgetsBuilt(): void {
  if (existsSync(join(ROOT, 'packages', 'elements', 'dist', 'subkit.js'))) return;
  const execPath = process.env.npm_execpath;
  const [cmd, args] = execPath && /pnpm/.test(execPath) && execPath.endsWith('.cjs')
    ? [process.execPath, [execPath]]
    : ['pnpm', []];
  const result = spawnSync(cmd, [...args, '--filter', '@subkit/elements', 'run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(join(ROOT, 'packages', 'elements', 'dist', 'subkit.js'))) {
    throw new Error('building the widgets (pnpm --filter @subkit/elements build) failed');
  }
}

/** A running reference server. */
export interface RunningServer {
  url: string;
  /** The test-mode secret key the server made: the browser must never see it. */
  secretKey: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the reference server exactly as `npm start` does, on a fresh PGlite database and a free port. */
export async function startReferenceServer(): Promise<RunningServer> {
  // The server keeps its generated test-mode keys next to the data folder: both live in one temp folder.
  const scratch = mkdtempSync(join(tmpdir(), 'subkit-e2e-'));
  const dataDir = join(scratch, 'pglite');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SUBKIT_DATA_DIR: dataDir };
  // A fresh embedded database with the demo data, whatever the calling shell points at.
  for (const name of ['DATABASE_URL', 'SUBKIT_SECRET_KEY', 'SUBKIT_PUBLISHABLE_KEY', 'SUBKIT_SEED']) delete env[name];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: join(ROOT, 'apps', 'reference-server'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(scratch, { recursive: true, force: true });
  };

  // The first open of an empty PGlite folder runs initdb and the migrations: poll until healthy.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the reference server exited with ${child.exitCode}:\n${log}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the reference server did not become healthy within 60 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const keys = JSON.parse(readFileSync(join(scratch, 'test-keys.json'), 'utf8')) as { secretKey: string };
  return { url, secretKey: keys.secretKey, output: () => log, stop };
}

/** Launches Debian's Chromium (or CHROMIUM_PATH) with the flags that keep it quiet on a closed network. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  // launch() gives every run a fresh, throwaway user-data dir.
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

/** Saves a full-page screenshot of a step in test/artifacts/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  // From the top, so the sticky header sits where a visitor sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A fresh scratch folder (downloads). */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
