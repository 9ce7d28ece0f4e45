import { setupWorker } from 'msw/browser';
import { createFixtureServer, type FixtureServer, type FixtureServerOptions } from './handlers.js';

/** The page's msw worker (one per test page); handlers come from `useFixtureServer`. */
export const worker = setupWorker();
let started: Promise<unknown> | null = null;

/** Starts msw's service worker once per page; API calls nobody handles fail the test loudly. */
export function startWorker(): Promise<unknown> {
  started ??= worker.start({
    quiet: true,
    onUnhandledRequest(request, print) {
      if (new URL(request.url).pathname.startsWith('/v1/')) print.error();
    },
  });
  return started;
}

/** Replaces the worker's handlers with a fresh fixture server and returns it (with its request log). */
export function useFixtureServer(options: FixtureServerOptions = {}): FixtureServer {
  const server = createFixtureServer(options);
  worker.resetHandlers(...server.handlers);
  return server;
}

let keys = 0;
/** A publishable key no other test used: widgets share a client per (api, key), so each test gets fresh stores. */
export function freshKey(): string {
  keys += 1;
  return `pk_test_${keys}_${Math.random().toString(36).slice(2, 8)}`;
}
