import { permissionsFor } from '@subkit/core';
import { requireBuyer } from '../../auth/authenticate.js';
import { forgetSessions } from '../../auth/session-cache.js';
import { mintMerchantSession, revokeMerchantSession as revokeMerchantToken } from '../../auth/merchant-sessions.js';
import { mintBuyerSession, revokeBuyerSession } from '../../auth/sessions.js';
import { notFound } from '../../errors.js';
import { filterStatus } from '../../governance/expiry.js';
import type { RequestContext } from '../../context.js';
import type { Handlers } from '../types.js';
import { companyToWire, memberToWire, type CompanyRow, type MemberRow } from './rows.js';

/** `POST /v1/sessions`: the merchant's backend mints a buyer session for one of its logged-in users. */
export const createSession: Handlers['createSession'] = (ctx, { body }) =>
  ctx.db.transaction((tx) => mintBuyerSession(tx, ctx.config, ctx.now(), body));

/** `POST /v1/sessions/revoke`: ends a session at once (e.g. on the merchant's logout). */
export const revokeSession: Handlers['revokeSession'] = async (ctx, { body }) => {
  const revoked = await ctx.db.transaction(async (tx) => {
    if (!(await revokeBuyerSession(tx, body.token, ctx.now()))) throw notFound('buyer session', 'token');
    return { object: 'buyer_session' as const, revoked: true as const };
  });
  forgetSessions(ctx.db);
  return revoked;
};

/** `GET /v1/session`: who the buyer is, their company and what their role may do. */
export const getSession: Handlers['getSession'] = async (ctx) => {
  const buyer = requireBuyer(ctx.principal);
  const [member, company, openQuotes] = await Promise.all([
    ctx.db.query<MemberRow>('SELECT * FROM members WHERE id = $1 AND company_id = $2', [buyer.memberId, buyer.companyId]),
    ctx.db.query<CompanyRow>('SELECT * FROM companies WHERE id = $1', [buyer.companyId]),
    openQuotesOf(ctx, buyer.companyId),
  ]);
  const memberRow = member.rows[0];
  const companyRow = company.rows[0];
  if (!memberRow || !companyRow) throw notFound('member');
  return {
    object: 'session',
    mode: buyer.mode,
    expiresAt: buyer.expiresAt.toISOString(),
    member: memberToWire(memberRow),
    company: companyToWire(companyRow),
    role: memberRow.role,
    permissions: [...permissionsFor(memberRow.role)],
    // Every role may read the company's quotes (`subscriptions:read`).
    openQuotes,
  };
};

/** The company's quotes still open now (one past its expiry is not, before the expiry job marks it too), newest first. */
async function openQuotesOf(ctx: RequestContext, companyId: string): Promise<{ planId: string; quoteId: string }[]> {
  const where = ['company_id = $1'];
  const params: unknown[] = [companyId];
  filterStatus('quotes', where, params, 'open', ctx.now());
  const { rows } = await ctx.db.query<{ id: string; plan_id: string }>(
    `SELECT id, plan_id FROM quotes WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT 100`,
    params,
  );
  return rows.map((row) => ({ planId: row.plan_id, quoteId: row.id }));
}

/** `POST /v1/merchant-sessions`: a read-only token for a widget of the merchant's own admin (the revenue dashboard). */
export const createMerchantSession: Handlers['createMerchantSession'] = (ctx, { body }) =>
  ctx.db.transaction((tx) => mintMerchantSession(tx, ctx.config, ctx.now(), body));

/** `POST /v1/merchant-sessions/revoke`. */
export const revokeMerchantSession: Handlers['revokeMerchantSession'] = async (ctx, { body }) => {
  return ctx.db.transaction(async (tx) => {
    if (!(await revokeMerchantToken(tx, body.token, ctx.now()))) throw notFound('merchant session', 'token');
    return { object: 'merchant_session' as const, revoked: true as const };
  });
};
