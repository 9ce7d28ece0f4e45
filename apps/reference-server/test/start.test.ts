import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { verifyWebhook } from '@subkit/server/webhooks';

/** A response body as JSON, untyped: the assertions check its shape. */
const json = (res: Response): Promise<any> => res.json();

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Starts `src/server.ts` like `npm start` does and waits for its "listening" line. */
async function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, url, output };
}

/** Runs `src/server.ts` like `npm start` until it exits by itself (killed after 60 s: code null): its exit code and everything it printed. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: APP_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('npm start (src/server.ts)', () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'subkit-start-'));
  const dataDir = join(dataRoot, 'pglite');
  after(() => rmSync(dataRoot, { recursive: true, force: true }));
  /**
   * A data folder of its own for a later test, copied from the one the first test's server set up and left
   * (migrated, seeded, stopped): only the first test needs an empty folder, and setting one up costs ~20 s of CPU.
   */
  const startedFolder = join(dataRoot, 'pglite-started');
  const copyOfStarted = (name: string) => {
    const dir = join(dataRoot, name);
    cpSync(startedFolder, dir, { recursive: true });
    return dir;
  };

  it('starts on an empty data folder without keys: migrates, seeds, makes and prints a test key, and keeps it across restarts', async () => {
    const first = await start({ SUBKIT_DATA_DIR: dataDir });
    let secretKey: string;
    try {
      const printed = /secret key:\s+(sk_test_\S+)/.exec(first.output);
      assert.ok(printed, `the secret key is printed:\n${first.output}`);
      secretKey = printed[1]!;
      const keysFile = join(dataRoot, 'test-keys.json');
      assert.ok(existsSync(keysFile));
      assert.equal(JSON.parse(readFileSync(keysFile, 'utf8')).secretKey, secretKey);

      const health = await fetch(`${first.url}/healthz`);
      assert.equal(health.status, 200);
      const companies = await fetch(`${first.url}/v1/companies`, { headers: { authorization: `Bearer ${secretKey}` } });
      assert.equal(companies.status, 200);
      const names = (await json(companies)).data.map((c: { name: string }) => c.name).sort();
      assert.deepEqual(names, ['Acme Logistics GmbH', 'Globex Corporation']);
      // A write that must survive the restart.
      const created = await fetch(`${first.url}/v1/companies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Persisted Parts AG' }),
      });
      assert.equal(created.status, 200);
    } finally {
      assert.equal(await stop(first.child), 0, 'a clean shutdown');
    }

    const second = await start({ SUBKIT_DATA_DIR: dataDir });
    try {
      assert.match(second.output, new RegExp(`secret key:\\s+${secretKey.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}`));
      const companies = await fetch(`${second.url}/v1/companies`, { headers: { authorization: `Bearer ${secretKey}` } });
      const names = (await json(companies)).data.map((c: { name: string }) => c.name);
      assert.ok(names.includes('Persisted Parts AG'));
      assert.equal(names.length, 3, 'the seed did not duplicate the demo companies');
    } finally {
      await stop(second.child);
    }
    cpSync(dataDir, startedFolder, { recursive: true });
  });

  it('delivers webhooks from the same process within seconds, signed with the endpoint secret, also after the test clock moved', async () => {
    const received: { body: string; signature: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['subkit-signature']) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // A data folder of its own: this test moves the test clock, which the billing run's test must not see.
    const app = await start({ SUBKIT_DATA_DIR: copyOfStarted('pglite-webhooks') });
    try {
      const secretKey = /secret key:\s+(sk_test_\S+)/.exec(app.output)![1]!;
      const post = (path: string, body: unknown) =>
        fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(json);
      const endpoint = await post('/v1/webhook-endpoints', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/erp`, events: ['company.created'] });
      const company = await post('/v1/companies', { name: 'Webhook Watchers KG' });
      const started = Date.now();
      while (received.length === 0 && Date.now() - started < 15_000) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(received.length, 1, 'delivered within 15 s');
      const event = verifyWebhook(received[0]!.body, received[0]!.signature, endpoint.secret);
      assert.equal(event.type, 'company.created');
      assert.equal(event.data.object.id, company.id);

      // After the test clock moved a month ahead, a change is still delivered within seconds: the worker
      // runs on the engine's clock, not on the wall clock the month-ahead event would wait for.
      const advanced = await post('/v1/test-clock/advance', { by: 'P30D' });
      assert.equal(advanced.object, 'test_clock_advance', JSON.stringify(advanced));
      const later = await post('/v1/companies', { name: 'Time Travellers SA' });
      const again = Date.now();
      while (received.length < 2 && Date.now() - again < 15_000) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(received.length, 2, 'delivered within 15 s after the test clock moved');
      const next = verifyWebhook(received[1]!.body, received[1]!.signature, endpoint.secret);
      assert.deepEqual([next.type, next.data.object.id, next.createdAt], ['company.created', later.id, later.createdAt]);
    } finally {
      await stop(app.child);
      receiver.closeAllConnections();
      receiver.close();
    }
  });

  it('the worker command runs the billing run once on the same data folder, renewing what is due, and exits', async () => {
    // A subscription due yesterday, written straight into the data folder the server left behind.
    const run = (args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
          cwd: APP_DIR,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SUBKIT_DATA_DIR: dataDir },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
        child.on('exit', (code) => resolve({ code, output }));
      });
    const seeded = await run([
      '--input-type=module',
      '-e',
      `import { openDatabase } from '@subkit/server';
       const db = await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
       const items = JSON.stringify([{ id: 'si_w1', kind: 'plan', priceItemId: 'platform_fee', addOnId: null, description: 'Platform fee', unitLabel: null, metric: null, quantity: 1, model: { type: 'flat', amount: 4900 } }]);
       await db.query(\`INSERT INTO subscriptions (id, company_id, status, product_id, plan_id, price_id, currency, interval, interval_count, quantity, items,
         collection_method, payment_terms_days, billing_anchor, current_period_start, current_period_end)
         VALUES ('sub_worker_due', 'co_acme', 'active', 'prod_portal', 'plan_portal_starter', 'price_portal_starter_eur_month', 'EUR', 'month', 1, 1, $1,
         'send_invoice', 30, now() - interval '1 month 1 day', now() - interval '1 month 1 day', now() - interval '1 day')\`, [items]);
       await db.close();`,
    ]);
    assert.equal(seeded.code, 0, seeded.output);
    const worker = await run(['src/worker.ts', '--once']);
    assert.equal(worker.code, 0, worker.output);
    assert.match(worker.output, /billing run at .*: 1 step\(s\), 1 renewal\(s\), 1 invoice\(s\)/);
    const again = await run(['src/worker.ts', '--once']);
    assert.match(again.output, /0 renewal\(s\), 0 invoice\(s\)/, 'a second run bills nothing twice');
  });

  it('refuses to start with a malformed key, saying which setting is wrong', async () => {
    await assert.rejects(start({ SUBKIT_DATA_DIR: dataDir, SUBKIT_SECRET_KEY: 'secret', SUBKIT_PUBLISHABLE_KEY: 'pk_test_x' }), /SUBKIT_SECRET_KEY/);
  });

  it('refuses a port already in use — naming it and how to choose another — before opening its data folder; the server on it keeps answering', async () => {
    const first = await start({ SUBKIT_DATA_DIR: copyOfStarted('pglite-port') });
    try {
      const port = new URL(first.url).port;
      const secondDir = join(dataRoot, 'pglite-second');
      const second = await runToExit({ PORT: port, SUBKIT_DATA_DIR: secondDir });
      assert.equal(second.code, 1, second.output);
      assert.match(second.output, new RegExp(`port ${port} is already in use`));
      assert.match(second.output, /choose another port: PORT=\d+ npm start/);
      assert.doesNotMatch(second.output, /listening on/, 'no "listening" while another server answers');
      assert.equal(existsSync(secondDir), false, 'its data folder was never opened');
      assert.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the first server still answers');
    } finally {
      assert.equal(await stop(first.child), 0);
    }
  });

  it('refuses a PORT that is not a port number', async () => {
    for (const port of ['70000', 'http']) {
      const run = await runToExit({ PORT: port, SUBKIT_DATA_DIR: join(dataRoot, 'pglite-bad-port') });
      assert.equal(run.code, 1, run.output);
      assert.match(run.output, new RegExp(`configuration error: PORT must be a port number, got "${port}"`));
    }
  });
});
