/**
 * Who the audit log names: every transaction of an API request sets the transaction-local setting
 * `subkit.actor` (the member and role, or the merchant's key, the engine's now and the request id), and
 * the audit triggers of migration 170 record each changed row with it — in the transaction of the change,
 * whichever code path made it.
 */
import type { HandlerInput, Principal, RequestContext } from '../../context.js';
import type { Database, Sql } from '../../db/types.js';
import type { Handlers } from '../../handlers/types.js';

/** The actor as the triggers read it (`at` and `requestId` are split off into their own columns). */
export interface ActorSetting {
  readonly type: 'member' | 'merchant' | 'system';
  readonly memberId: string | null;
  readonly role: string | null;
  readonly key: string | null;
  readonly at: string;
  readonly requestId: string | null;
}

/** The actor of a request, or null for callers that change nothing (publishable key). */
export function actorOf(principal: Principal, secretKey: string, at: Date, requestId: string): ActorSetting | null {
  switch (principal.kind) {
    case 'session':
      return { type: 'member', memberId: principal.memberId, role: principal.role, key: null, at: at.toISOString(), requestId };
    case 'secret':
      return { type: 'merchant', memberId: null, role: null, key: `secret_key …${secretKey.slice(-4)}`, at: at.toISOString(), requestId };
    case 'merchant_session':
      return { type: 'merchant', memberId: null, role: null, key: 'merchant_session', at: at.toISOString(), requestId };
    default:
      return null;
  }
}

/** The engine acting on its own (expiring requests in the billing run). */
export function systemActor(at: Date): ActorSetting {
  return { type: 'system', memberId: null, role: null, key: null, at: at.toISOString(), requestId: null };
}

/** Sets the actor for the rest of the transaction `tx`. */
export async function setActor(tx: Sql, actor: ActorSetting): Promise<void> {
  await tx.query(`SELECT set_config('subkit.actor', $1, true)`, [JSON.stringify(actor)]);
}

// A statement that may write: run on its own, it gets a transaction of its own that names the actor.
const WRITE = /^\s*(insert|update|delete|with)\b/i;

/** `db` whose transactions (and lone writes) name `actor` for the audit log; reads pass straight through. */
export function actorDatabase(db: Database, actor: () => ActorSetting): Database {
  const transaction: Database['transaction'] = (fn) =>
    db.transaction(async (tx) => {
      await setActor(tx, actor());
      return fn(tx);
    });
  return {
    kind: db.kind,
    store: db.store ?? db,
    transaction,
    query: (text, params) => (WRITE.test(text) ? transaction((tx) => tx.query(text, params)) : db.query(text, params)),
    exec: (text) => db.exec(text),
    close: () => db.close(),
  } as Database;
}

type AnyHandler = (ctx: RequestContext, input: HandlerInput) => Promise<unknown>;

/** Every handler with a database that names the request's actor (the test clock's advance runs as the engine). */
export function withAuditActor(handlers: Partial<Handlers>): Partial<Handlers> {
  const wrapped: Record<string, AnyHandler> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, AnyHandler][]) {
    if (name === 'advanceTestClock') {
      wrapped[name] = handler;
      continue;
    }
    wrapped[name] = (ctx, input) => {
      const principal = ctx.principal;
      if (principal.kind === 'publishable') return handler(ctx, input);
      const actor = () => actorOf(principal, ctx.config.secretKey, ctx.now(), ctx.requestId)!;
      return handler({ ...ctx, db: actorDatabase(ctx.db, actor) }, input);
    };
  }
  return wrapped as Partial<Handlers>;
}
