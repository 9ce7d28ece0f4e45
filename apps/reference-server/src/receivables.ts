/**
 * The merchant console's open invoices (test mode only, the demo's own admin): what the demo companies owe, and a
 * "record bank transfer" action for the money their accounts payable sent. The merchant's backend calls subkit's API
 * over HTTP with the secret key, as a real merchant's does (`GET /v1/companies/:id/invoices`,
 * `POST /v1/invoices/:id/payments`); the browser only ever talks to these two routes.
 */
import type { Express, Request, Response } from 'express';
import { ApiError, DEMO_BUYERS, errorBody, type ServerConfig, type SubkitRouterOptions } from '@subkit/server';
import type { InvoiceSummary } from '@subkit/core';

/** An open invoice as the console lists it. */
interface Receivable {
  readonly id: string;
  readonly number: string;
  readonly companyName: string;
  readonly amountRemaining: number;
  readonly currency: string;
  readonly dueAt: string | null;
  readonly overdue: boolean;
}

const COMPANIES = [...new Map(DEMO_BUYERS.map((b) => [b.companyId, b.companyName])).entries()];

export function mountReceivables(app: Express, input: { config: ServerConfig; onError?: SubkitRouterOptions['onError'] }): void {
  const { config, onError } = input;
  if (config.mode !== 'test') return;

  /** subkit's API on this very server, with the secret key. */
  const api = async (req: Request, method: string, path: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${req.socket.localPort}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.secretKey}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': `console:${path}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  const fail = (req: Request, res: Response, err: unknown) => {
    const requestId = `req_console_${Date.now().toString(36)}`;
    const apiError = err instanceof ApiError ? err : new ApiError('api_error', 'internal_error', 'The console could not reach the billing API.');
    if (!(err instanceof ApiError)) onError?.(err, { requestId, method: req.method, path: req.path });
    res.status(apiError.status).json(errorBody(apiError, requestId));
  };

  app.get('/console/receivables', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const data: Receivable[] = [];
      for (const [companyId, companyName] of COMPANIES) {
        const list = await api(req, 'GET', `/v1/companies/${encodeURIComponent(companyId)}/invoices?status=open&limit=100`);
        if (list.status !== 200) throw new Error(`GET invoices of ${companyId}: ${list.status}`);
        for (const invoice of list.body.data as InvoiceSummary[]) {
          data.push({
            id: invoice.id,
            number: invoice.number,
            companyName,
            amountRemaining: invoice.amountRemaining,
            currency: invoice.currency,
            dueAt: invoice.dueAt,
            overdue: !!invoice.overdueAt,
          });
        }
      }
      // What fell due first comes first: what a collections clerk works through.
      data.sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || a.number.localeCompare(b.number));
      res.json({ object: 'list', data });
    } catch (err) {
      fail(req, res, err);
    }
  });

  // The id read from the raw path, not Express's params: a malformed escape (`%E0%A4%A`) in a param made Express
  // answer its own HTML error page, not the JSON error every other route of this shop answers.
  app.post(/^\/console\/receivables\/[^/]+\/record$/, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      let invoiceId: string;
      try {
        invoiceId = decodeURIComponent(req.path.split('/')[3]!);
      } catch {
        throw new ApiError('invalid_request_error', 'parameter_invalid', 'The invoice id is not a valid URL component.', { param: 'invoiceId' });
      }
      const recorded = await api(req, 'POST', `/v1/invoices/${encodeURIComponent(invoiceId)}/payments`, {
        method: 'bank_transfer',
        reference: 'Recorded in the demo console',
      });
      // subkit's own answer, refusals included (404, 409 for an invoice paid meanwhile): the console shows its message.
      res.status(recorded.status).json(recorded.body);
    } catch (err) {
      fail(req, res, err);
    }
  });
}
