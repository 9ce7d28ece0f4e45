import express, { type Express } from 'express';
import { createSubkitRouter, type SubkitRouterOptions } from './http/router.js';

export { createSubkitRouter, allEndpoints } from './http/router.js';
export type { SubkitRouterOptions } from './http/router.js';

/** A stand-alone Express app serving only the subkit API (the reference server mounts the router into its own app). */
export function createSubkitApp(options: SubkitRouterOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(createSubkitRouter(options));
  return app;
}
