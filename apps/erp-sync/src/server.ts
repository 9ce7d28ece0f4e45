/**
 * Runs the ERP sync: `SUBKIT_WEBHOOK_SECRET=whsec_… pnpm --filter @subkit/erp-sync start`.
 * Then add the endpoint in subkit: `POST /v1/webhook-endpoints { "url": "http://localhost:8790/webhooks" }`.
 */
import { resolve } from 'node:path';
import { createErpSync } from './receiver.js';

const secret = process.env.SUBKIT_WEBHOOK_SECRET;
if (!secret) {
  console.error('[erp-sync] SUBKIT_WEBHOOK_SECRET is not set: the whsec_… secret shown when the endpoint was created.');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 8790);
const journalFile = resolve(process.env.ERP_JOURNAL ?? 'journal.jsonl');
const { server, journal } = createErpSync({ journalFile, secret: secret.split(',') });
server.listen(port, () => {
  console.log(`[erp-sync] listening on http://localhost:${port}/webhooks, booking into ${journalFile} (${journal.lines().length} lines so far)`);
});
