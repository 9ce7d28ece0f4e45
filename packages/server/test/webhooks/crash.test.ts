import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateKeys } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import { recordEvent } from '../../src/db/events.js';
import { openDatabase } from '../../src/db/open.js';
import type { Database } from '../../src/db/types.js';
import { createWebhookWorker, verifyWebhook } from '../../src/webhooks/index.js';
import { openTestDatabase, pgliteDump } from '../harness.js';
import { startReceiver } from './receiver.js';

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));
const onPostgres = process.env.SUBKIT_TEST_DB === 'postgres';

describe('webhook worker crash', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('a worker killed (SIGKILL) mid-delivery loses no event: the next worker sends it again, same id, and it is delivered', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    receiver.answer('hang');

    // A database a second process can open: the Postgres test database, or a PGlite folder on disk.
    let db: Database;
    let childEnv: Record<string, string>;
    let dataDir: string | undefined;
    if (onPostgres) {
      const test = await openTestDatabase();
      db = test.db;
      cleanups.push(test.drop);
      childEnv = { CHILD_DATABASE_URL: test.url! };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'subkit-crash-'));
      cleanups.push(() => rmSync(dataDir!, { recursive: true, force: true }));
      db = await openDatabase({ dataDir, loadDataDir: await pgliteDump() });
      childEnv = { CHILD_DATA_DIR: dataDir };
    }
    const secret = 'whsec_crash_test_secret_0123456789';
    await db.query(
      `INSERT INTO webhook_endpoints (id, mode, url, secret, created_at, updated_at) VALUES ('we_crash', 'test', $1, $2, now(), now())`,
      [receiver.url, secret],
    );
    const eventId = await db.transaction((tx) =>
      recordEvent(tx, { type: 'invoice.paid', companyId: 'co_x', mode: 'test', object: { id: 'in_crash', object: 'invoice', total: 11900 }, at: new Date() }),
    );
    if (!onPostgres) await db.close();

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...childEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
    const exited = once(child, 'exit');
    await receiver.waitFor(1, 60_000);
    child.kill('SIGKILL');
    await exited;
    assert.equal(child.signalCode, 'SIGKILL');

    if (!onPostgres) db = await openDatabase({ dataDir: dataDir! });
    cleanups.push(() => db.close());
    const pending = await db.query<{ status: string }>("SELECT status FROM webhook_deliveries WHERE endpoint_id = 'we_crash'");
    assert.deepEqual(pending.rows.map((r) => r.status), ['pending'], 'the killed worker never settled it');

    await new Promise((resolve) => setTimeout(resolve, 1100)); // the dead worker's 1 s lease runs out
    const worker = createWebhookWorker({ db, config: loadConfig({}, generateKeys('test')), leaseSeconds: 1 });
    assert.deepEqual(await worker.runOnce(), { attempted: 1, delivered: 1, failed: 0 });

    assert.equal(receiver.received.length, 2);
    for (const got of receiver.received) {
      const event = verifyWebhook(got.rawBody, got.headers['subkit-signature'] as string, secret);
      assert.equal(event.id, eventId, 'the same event id both times: the receiver deduplicates on it');
    }
    const delivery = await db.query<{ status: string; attempt_count: number }>("SELECT status, attempt_count FROM webhook_deliveries WHERE endpoint_id = 'we_crash'");
    assert.equal(delivery.rows[0]!.status, 'delivered');
    const attempts = await db.query<{ number: number; error_code: string | null; response_status: number | null }>(
      `SELECT a.number, a.error_code, a.response_status FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
        WHERE d.endpoint_id = 'we_crash' ORDER BY a.number`,
    );
    assert.deepEqual(
      attempts.rows.map((a) => [a.number, a.error_code, a.response_status]),
      [
        [1, 'worker_interrupted', null],
        [2, null, 200],
      ],
      'the log shows the interrupted attempt and the one that arrived',
    );
  });
});
