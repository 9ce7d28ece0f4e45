// A billing worker process for the crash tests (crash.test.ts spawns it): runs the billing run up to
// `until` against a PGlite data folder or a Postgres database, printing `charge <idempotency key>` for
// every call to the processor. With `dieAfterCharges` it SIGKILLs itself right after that many charges
// were answered — after the processor moved the money, before the answer is recorded: the worst moment.
// With `together` it prints `ready` once its database is open and starts only when a line arrives on its
// stdin, so the test starts several workers at the same instant however slowly each process boots.
import { generateKeys } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { paymentProcessor } from '../../src/engine/processor/index.js';
import { runBilling, runEnv } from '../../src/engine/run/index.js';
import { withCharge } from './processor-helpers.js';

const input = JSON.parse(process.argv[2] ?? '{}') as { url?: string; dataDir?: string; until: string; batchSize: number; dieAfterCharges?: number; delayMs?: number; together?: boolean };
const db = await openDatabase(input.url ? { url: input.url } : { dataDir: input.dataDir! });
const config = loadConfig({}, { ...generateKeys('test') });
const base = paymentProcessor(db, config);
let answered = 0;
const processor = withCharge(base, async (request) => {
  process.stdout.write(`charge ${request.idempotencyKey}\n`);
  if (input.delayMs) await new Promise((resolve) => setTimeout(resolve, input.delayMs));
  const result = await base.charge(request);
  answered += 1;
  if (input.dieAfterCharges !== undefined && answered >= input.dieAfterCharges) process.kill(process.pid, 'SIGKILL');
  return result;
});
const env = runEnv(db, config, { processor });
if (input.together) {
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.destroy();
}
await runBilling(env, { until: new Date(input.until), batchSize: input.batchSize });
await db.close();
process.stdout.write(`done ${env.report.renewals} renewals\n`);
