import type { MemberCreateRequest, Role } from '@subkit/core';
import { forgetSessions } from '../../auth/session-cache.js';
import { requireBuyer } from '../../auth/authenticate.js';
import type { RequestContext } from '../../context.js';
import { recordEvent } from '../../db/events.js';
import type { Sql } from '../../db/types.js';
import { conflict, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { Handlers } from '../types.js';
import { memberToWire, type MemberRow } from './rows.js';

/** Adds a member to a company, or brings back a removed one with the same customer id. */
export async function addMemberToCompany(ctx: RequestContext, companyId: string, body: MemberCreateRequest) {
  return ctx.db.transaction(async (tx) => {
    const company = await tx.query('SELECT id FROM companies WHERE id = $1', [companyId]);
    if (company.rowCount === 0) throw notFound('company', 'companyId');
    const existing = await tx.query<MemberRow>('SELECT * FROM members WHERE company_id = $1 AND customer_id = $2 FOR UPDATE', [
      companyId,
      body.customerId,
    ]);
    const previous = existing.rows[0];
    if (previous && previous.removed_at === null) {
      throw conflict('member_exists', 'This customer is already a member of the company.');
    }
    const now = ctx.now();
    const result = previous
      ? await tx.query<MemberRow>(
          `UPDATE members SET email = $2, name = $3, role = $4, removed_at = NULL, created_at = $5 WHERE id = $1 RETURNING *`,
          [previous.id, body.email, body.name, body.role, now],
        )
      : await tx.query<MemberRow>(
          `INSERT INTO members (id, company_id, customer_id, email, name, role, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [newId('mem_'), companyId, body.customerId, body.email, body.name, body.role, now],
        );
    const member = memberToWire(result.rows[0]!);
    await recordEvent(tx, { type: 'member.created', companyId, mode: ctx.config.mode, object: member, at: now });
    return member;
  });
}

/**
 * Locks the company's active members and returns the target; a company must keep one billing admin,
 * so demoting or removing the last one is a 409. Locking every member row serialises two admins demoting each other.
 */
async function lockForRoleChange(tx: Sql, companyId: string, memberId: string, newRole: Role | null): Promise<MemberRow> {
  const members = await tx.query<MemberRow>('SELECT * FROM members WHERE company_id = $1 AND removed_at IS NULL ORDER BY id FOR UPDATE', [
    companyId,
  ]);
  const target = members.rows.find((m) => m.id === memberId);
  if (!target) throw notFound('member', 'memberId');
  const admins = members.rows.filter((m) => m.role === 'billing_admin');
  if (target.role === 'billing_admin' && newRole !== 'billing_admin' && admins.length === 1) {
    throw conflict('last_billing_admin', 'A company must keep at least one billing admin. Make someone else billing admin first.');
  }
  return target;
}

/** `GET /v1/members`: the company's members. */
export const listMembers: Handlers['listMembers'] = async (ctx) => {
  const buyer = requireBuyer(ctx.principal);
  const result = await ctx.db.query<MemberRow>('SELECT * FROM members WHERE company_id = $1 AND removed_at IS NULL ORDER BY created_at, id', [
    buyer.companyId,
  ]);
  return { object: 'list', data: result.rows.map(memberToWire), hasMore: false, nextCursor: null };
};

/** `POST /v1/members`: a billing admin adds a colleague. */
export const addMember: Handlers['addMember'] = (ctx, { body }) => addMemberToCompany(ctx, requireBuyer(ctx.principal).companyId, body);

/** `PATCH /v1/members/:memberId`: a billing admin changes a colleague's role. */
export const updateMember: Handlers['updateMember'] = async (ctx, { params, body }) => {
  const buyer = requireBuyer(ctx.principal);
  const updated = await ctx.db.transaction(async (tx) => {
    const target = await lockForRoleChange(tx, buyer.companyId, params.memberId, body.role);
    if (target.role === body.role) return memberToWire(target);
    const result = await tx.query<MemberRow>('UPDATE members SET role = $2 WHERE id = $1 RETURNING *', [target.id, body.role]);
    const member = memberToWire(result.rows[0]!);
    await recordEvent(tx, { type: 'member.updated', companyId: buyer.companyId, mode: ctx.config.mode, object: member, at: ctx.now() });
    return member;
  });
  forgetSessions(ctx.db);
  return updated;
};

/** `DELETE /v1/members/:memberId`: a billing admin removes a colleague; their sessions end with it. */
export const removeMember: Handlers['removeMember'] = async (ctx, { params }) => {
  const buyer = requireBuyer(ctx.principal);
  const removed = await ctx.db.transaction(async (tx) => {
    const target = await lockForRoleChange(tx, buyer.companyId, params.memberId, null);
    const now = ctx.now();
    await tx.query('UPDATE members SET removed_at = $2 WHERE id = $1', [target.id, now]);
    await tx.query('UPDATE buyer_sessions SET revoked_at = $2 WHERE member_id = $1 AND revoked_at IS NULL', [target.id, now]);
    await recordEvent(tx, {
      type: 'member.removed',
      companyId: buyer.companyId,
      mode: ctx.config.mode,
      object: memberToWire(target),
      at: now,
    });
    return { id: target.id, object: 'member', deleted: true as const };
  });
  forgetSessions(ctx.db);
  return removed;
};
