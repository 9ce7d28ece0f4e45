import { http, HttpResponse, type HttpHandler } from 'msw';
import { Quote } from '@subkit/core';
import { acceptedResultFor } from '../fixtures/quotes.js';
import { apiError, page, type FixtureContext } from './core.js';

/** The merchant's Arabic texts of the quoted plan's price items (by item id), as `?locale=ar` answers them. */
const ARABIC_ITEMS: Record<string, { description: string; unitLabel?: string; unitLabelPlural?: string }> = {
  pi_ent_platform: { description: 'رسوم المنصة' },
  pi_ent_seats: { description: 'المقاعد', unitLabel: 'مقعد', unitLabelPlural: 'مقاعد' },
};

/** A quote's plan name and items in the asked language, where the merchant has texts (Arabic here). */
function inLocale(quote: Quote, request: Request): Quote {
  if (new URL(request.url).searchParams.get('locale') !== 'ar') return quote;
  const planName = 'المؤسسات';
  const lines = quote.firstInvoice?.lines.map((line) => {
    if (!line.text || !('subject' in line.text)) return line;
    const item = ARABIC_ITEMS[line.text.subject.itemId];
    const subject = { ...line.text.subject, planName, ...(item ? { name: item.description, unitLabel: item.unitLabel ?? null, unitLabelPlural: item.unitLabelPlural ?? null } : {}) };
    return { ...line, text: { ...line.text, subject } };
  });
  return { ...quote, planName, items: quote.items.map((item) => ({ ...item, ...ARABIC_ITEMS[item.id] })), firstInvoice: quote.firstInvoice && { ...quote.firstInvoice, lines: lines! } };
}

/** The company's quotes: list, one in full, accept (a checkout's answer) and decline, as the server answers them. */
export function quoteRoutes(c: FixtureContext): HttpHandler[] {
  const { state } = c;
  const find = (id: string | readonly string[] | undefined) => state.quotes.find((q) => q.id === id);
  const decided = (quote: Quote) =>
    quote.status === 'expired'
      ? apiError(409, 'invalid_request_error', 'quote_expired', 'This quote has expired; ask the merchant for a new one.')
      : apiError(409, 'invalid_request_error', 'quote_decided', `This quote is ${quote.status} and can no longer change.`);
  const save = (quote: Quote) => {
    state.quotes = state.quotes.map((q) => (q.id === quote.id ? Quote.parse(quote) : q));
    return quote;
  };
  return [
    http.get('*/v1/quotes', async ({ request }) => {
      await c.record(request);
      const denied = c.denied(request, 'subscriptions:read');
      if (denied) return denied;
      const status = new URL(request.url).searchParams.get('status');
      return page(state.quotes.filter((q) => !status || q.status === status).map((q) => inLocale({ ...q, firstInvoice: null }, request)));
    }),
    http.get('*/v1/quotes/:quoteId', async ({ request, params }) => {
      await c.record(request);
      const quote = find(params.quoteId);
      return c.denied(request, 'subscriptions:read') ?? (quote ? HttpResponse.json(inLocale(quote, request)) : c.notFound('quote'));
    }),
    http.post('*/v1/quotes/:quoteId/accept', async ({ request, params }) => {
      const body = (await c.record(request)) as { poNumber?: string } | undefined;
      return c.idempotent(request, () => {
        const denied = c.denied(request, 'approvals:manage');
        if (denied) return denied;
        const quote = find(params.quoteId);
        if (!quote) return c.notFound('quote');
        if (quote.status !== 'open') return decided(quote);
        const result = acceptedResultFor(quote, body?.poNumber ?? null);
        c.keep(result.subscription);
        const member = state.session!.member;
        save({ ...quote, status: 'accepted', firstInvoice: null, decidedAt: '2026-11-05T09:00:00.000Z', subscriptionId: result.subscription.id, acceptedBy: { memberId: member.id, name: member.name, role: member.role } });
        return HttpResponse.json(result);
      });
    }),
    http.post('*/v1/quotes/:quoteId/decline', async ({ request, params }) => {
      const body = (await c.record(request)) as { reason?: string } | undefined;
      const denied = c.denied(request, 'approvals:manage');
      if (denied) return denied;
      const quote = find(params.quoteId);
      if (!quote) return c.notFound('quote');
      if (quote.status !== 'open') return decided(quote);
      return HttpResponse.json(save({ ...quote, status: 'declined', firstInvoice: null, decidedAt: '2026-11-05T09:00:00.000Z', declineReason: body?.reason ?? null }));
    }),
  ];
}
