/**
 * The demo storefront's test-clock panel, server side (test mode only; live mode has no such route).
 * The browser never holds the secret key, so the storefront's backend moves the clock with the engine's
 * own advance (what POST /v1/test-clock/advance runs) and answers what happened to the signed-in
 * buyer's company. In a real shop this would sit behind the merchant's staff login; the demo has none.
 */
import express, { type Express, type Request, type Response } from 'express';
import type { TestClockAdvanceResult } from '@subkit/core';
import { ApiError, advanceTestClock, demoBuyer, errorBody, loadTestClock, type Database, type ServerConfig, type SubkitRouterOptions } from '@subkit/server';

type OnError = SubkitRouterOptions['onError'];

/** The steps the panel offers: a day, a week, a month. */
export const PANEL_STEPS = ['P1D', 'P7D', 'P1M'] as const;

/** What the panel shows after an advance: the buyer's company's part of it, and how much happened elsewhere. */
export interface PanelAdvance {
  readonly from: string;
  readonly now: string;
  readonly invoices: TestClockAdvanceResult['invoices'];
  readonly payments: TestClockAdvanceResult['payments'];
  readonly statusChanges: TestClockAdvanceResult['statusChanges'];
  /** Invoices, payments and status changes of other companies. */
  readonly elsewhere: number;
}

/** The part of an advance that concerns one company (null: none signed in, so only the count). */
export function panelAdvance(result: TestClockAdvanceResult, companyId: string | null): PanelAdvance {
  const mine = <T extends { companyId: string }>(items: readonly T[]) => items.filter((i) => i.companyId === companyId);
  const invoices = mine(result.invoices);
  const payments = mine(result.payments);
  const statusChanges = mine(result.statusChanges);
  const all = result.invoices.length + result.payments.length + result.statusChanges.length;
  return {
    from: result.from,
    now: result.now,
    invoices,
    payments,
    statusChanges,
    elsewhere: all - invoices.length - payments.length - statusChanges.length,
  };
}

function requestId(): string {
  return `req_storefront_${Date.now().toString(36)}`;
}

function fail(res: Response, err: unknown, onError: OnError, req: Request) {
  const id = requestId();
  const apiError = err instanceof ApiError ? err : new ApiError('api_error', 'internal_error', 'The test clock could not be moved.');
  if (!(err instanceof ApiError)) onError?.(err, { requestId: id, method: req.method, path: req.path });
  res.status(apiError.status).json(errorBody(apiError, id));
}

/** Mounts GET /storefront/test-clock and POST /storefront/test-clock/advance (`{ by, customerId? }`) in test mode. */
export function mountTestClockPanel(
  app: Express,
  input: {
    db: Database;
    config: ServerConfig;
    clock: () => Date;
    onError?: OnError;
  },
): void {
  const { db, config, clock, onError } = input;
  if (config.mode !== 'test') return;

  app.get('/storefront/test-clock', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await loadTestClock(db);
      res.json({ object: 'test_clock', now: clock().toISOString(), steps: PANEL_STEPS });
    } catch (err) {
      fail(res, err, onError, req);
    }
  });

  app.post('/storefront/test-clock/advance', express.json({ limit: '4kb' }), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const body = (req.body ?? {}) as { by?: unknown; customerId?: unknown };
      if (typeof body.by !== 'string' || !(PANEL_STEPS as readonly string[]).includes(body.by)) {
        throw new ApiError('invalid_request_error', 'parameter_invalid', `'by' must be one of ${PANEL_STEPS.join(', ')}.`, { param: 'by' });
      }
      let companyId: string | null = null;
      if (body.customerId !== undefined && body.customerId !== null) {
        const buyer = typeof body.customerId === 'string' ? demoBuyer(body.customerId) : undefined;
        if (!buyer) throw new ApiError('not_found_error', 'resource_missing', 'No such customer in this shop.', { param: 'customerId' });
        companyId = buyer.companyId;
      }
      const result = await advanceTestClock(db, config, clock, { by: body.by });
      res.json(panelAdvance(result, companyId));
    } catch (err) {
      fail(res, err, onError, req);
    }
  });
}
