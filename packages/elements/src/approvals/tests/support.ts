import { fixture, html } from '@open-wc/testing';
import type { ApprovalRequest, PurchasingPolicy, Role } from '@subkit/core';
import type { SubkitApprovals } from '../approvals.js';
import { freshKey, useFixtureServer } from '../../../test/msw.js';
import type { FixtureServer } from '../../../test/handlers.js';
import { acmePolicy, approvalRequests, auditEntries, sessionFor, teamSubscription } from '../../../test/fixtures/index.js';
import { $, $$, until } from '../../../test/helpers.js';

/** The fixture server for a member of `role` of Acme: its requests, audit log and purchasing policy. */
export function serve(role: Role = 'billing_admin', approvals: ApprovalRequest[] = approvalRequests, policy: PurchasingPolicy = acmePolicy): FixtureServer {
  return useFixtureServer({ session: sessionFor(role), subscriptions: [teamSubscription], approvals, audit: auditEntries, policy });
}

/** `<subkit-approvals>` on the page, in `locale` (the page's when empty). */
export async function mount(locale = ''): Promise<SubkitApprovals> {
  return fixture<SubkitApprovals>(html`<subkit-approvals api-base=${location.origin} publishable-key=${freshKey()} session="tok_buyer" locale=${locale}></subkit-approvals>`);
}

export const cards = (el: HTMLElement) => $$(el, 'li[part~="request"]');
export const card = (el: HTMLElement, id: string) => $(el, `li[data-id="${id}"]`);

/** The widget with its requests and, once the session says who the viewer is, the pending request's buttons. */
export async function loaded(locale = ''): Promise<SubkitApprovals> {
  const el = await mount(locale);
  await until(() => cards(el).length > 0 && $$(el, '[part~="actions"]').length > 0, 'request cards with their actions');
  return el;
}

/** The tab named `name`, by its role and label. */
export const tab = (el: HTMLElement, name: string) => $$(el, '[role="tab"]').find((t) => t.textContent?.trim() === name);
