/**
 * The engine's now. In live mode it is the host's clock. In test mode it is the host's clock moved by
 * the test clock's offset, which lives in the database (`test_clock`) so that every process on it — the
 * API servers and the workers — agrees on it. Each process keeps the offset in memory (requests read the
 * clock synchronously) and reads it again at most a second later; the process that advances the clock
 * updates its copy at once, and workers read it fresh before every run.
 */
import type { ServerConfig } from '../../context.js';
import type { Database } from '../../db/types.js';

const REFRESH_MS = 1000;

interface Offset {
  ms: number;
  readAt: number;
  reading: Promise<void> | null;
}

const offsets = new WeakMap<Database, Offset>();

function stateOf(db: Database): Offset {
  // One copy per store: a request's view of it (an Idempotency-Key's, `db.store`) moves the same clock.
  const store = db.store ?? db;
  let state = offsets.get(store);
  if (!state) {
    state = { ms: 0, readAt: 0, reading: null };
    offsets.set(store, state);
  }
  return state;
}

/** Reads the test clock's offset from the database into this process's copy. */
export async function loadTestClock(db: Database): Promise<number> {
  const state = stateOf(db);
  try {
    const { rows } = await db.query<{ offset_ms: number }>('SELECT offset_ms FROM test_clock WHERE id');
    state.ms = rows[0]?.offset_ms ?? 0;
  } catch {
    // Not migrated yet (a brand-new database): the clock has not moved.
    state.ms = 0;
  }
  state.readAt = Date.now();
  return state.ms;
}

/**
 * The clock requests and the billing run read: `base` (the host's clock) as is in live mode; in test mode
 * moved by the test clock's offset, refreshed in the background when this process's copy is a second old.
 */
export function engineClock(db: Database, config: Pick<ServerConfig, 'mode'>, base: () => Date = () => new Date()): () => Date {
  if (config.mode === 'live') return base;
  const state = stateOf(db);
  return () => {
    if (Date.now() - state.readAt > REFRESH_MS && !state.reading) {
      state.reading = loadTestClock(db)
        .then(() => {}, () => {})
        .finally(() => {
          state.reading = null;
        });
    }
    return new Date(base().getTime() + state.ms);
  };
}

/**
 * Moves the test clock so that the engine's now (`engineNow`, which reads this process's copy of the
 * offset) is `to`, for every process on the database.
 */
export async function moveTestClock(db: Database, engineNow: () => Date, to: Date): Promise<void> {
  const state = stateOf(db);
  const ms = state.ms + (to.getTime() - engineNow().getTime());
  await db.query('UPDATE test_clock SET offset_ms = $1, updated_at = now() WHERE id', [ms]);
  state.ms = ms;
  state.readAt = Date.now();
}

/** This process's copy of the test clock's offset, in milliseconds. */
export function testClockOffset(db: Database): number {
  return stateOf(db).ms;
}
