/**
 * The receiving endpoint, in the pattern every webhook receiver should follow:
 * 1. read the RAW body and verify its signature (`verifyWebhook`) before trusting anything in it;
 * 2. deduplicate on the event id (subkit delivers at least once);
 * 3. record the effect durably, THEN answer 2xx (an answer lost after that is redelivered and deduplicated);
 * 4. answer fast; anything else (a 4xx/5xx, a timeout) makes subkit retry with backoff.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { SIGNATURE_HEADER, verifyWebhook, WebhookSignatureError } from '@subkit/server/webhooks';
import { openJournal, type Journal } from './journal.js';
import { balances, entryFor } from './ledger.js';

/** What the receiver needs. */
export interface ErpSyncOptions {
  /** The journal file (JSON lines). */
  readonly journalFile: string;
  /** The endpoint's signing secret(s), `whsec_…` (two while rotating). */
  readonly secret: string | readonly string[];
  /** Path the endpoint listens on (default `/webhooks`). */
  readonly path?: string;
}

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What processing one delivery did. */
export type Outcome = 'booked' | 'skipped' | 'duplicate';

/** Books one verified event into the journal, once. */
export function bookEvent(journal: Journal, event: ReturnType<typeof verifyWebhook>): Outcome {
  if (journal.has(event.id)) return 'duplicate';
  const entry = entryFor(event);
  if (entry && !balances(entry)) throw new Error(`Entry for ${event.id} does not balance.`);
  journal.append(entry ? { kind: 'entry', ...entry } : { kind: 'skipped', eventId: event.id, eventType: event.type });
  return entry ? 'booked' : 'skipped';
}

/** The ERP sync as an HTTP server: `POST <path>` takes deliveries, `GET /journal` shows the journal. */
export function createErpSync(options: ErpSyncOptions): { server: Server; journal: Journal } {
  const journal = openJournal(options.journalFile);
  const path = options.path ?? '/webhooks';
  const send = (res: import('node:http').ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/journal') return send(res, 200, { lines: journal.lines() });
    if (req.method !== 'POST' || req.url !== path) return send(res, 404, { error: 'not found' });
    try {
      const raw = await readBody(req);
      if (!raw) return send(res, 413, { error: 'body too large' });
      const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
      const event = verifyWebhook(raw, typeof header === 'string' ? header : undefined, options.secret, { toleranceSeconds: 300 });
      // Node runs this synchronously from check to append: two deliveries of one event cannot interleave.
      const outcome = bookEvent(journal, event);
      return send(res, 200, { received: event.id, outcome });
    } catch (err) {
      if (err instanceof WebhookSignatureError) return send(res, 400, { error: err.code });
      return send(res, 500, { error: 'could not book the event' });
    }
  });
  return { server, journal };
}
