import { fixture, html } from '@open-wc/testing';
import { type Role } from '@subkit/core';
import type { SubkitBillingHistory } from '../billing-history.js';
import { freshKey, useFixtureServer } from '../../../test/msw.js';
import { sessionFor } from '../../../test/fixtures/index.js';
import { invoices } from '../../../test/fixtures/invoices.js';
import type { FixtureServer, FixtureServerOptions } from '../../../test/handlers.js';
import { $, $$, text, until } from '../../../test/helpers.js';

// What the billing-history tests share: the fixture server, the widget on a page and ways to read it.
export const api = location.origin;

/** The fixture server for a buyer of `role`, with Acme's hand-made invoices unless others are given. */
export function serve(options: FixtureServerOptions & { role?: Role } = {}): FixtureServer {
  const session = options.session === undefined ? sessionFor(options.role ?? 'purchaser') : options.session;
  return useFixtureServer({ ...options, session, invoices: options.invoices ?? invoices });
}

export interface Options {
  key?: string;
  session?: string;
  locale?: string;
}

export async function history(options: Options = {}): Promise<SubkitBillingHistory> {
  return fixture<SubkitBillingHistory>(
    html`<subkit-billing-history
      api-base=${api}
      publishable-key=${options.key ?? freshKey()}
      session=${options.session ?? 'tok_buyer'}
      locale=${options.locale ?? ''}
    ></subkit-billing-history>`,
  );
}

/** The invoice rows in the DOM (the rendered window, not the whole list). */
export const rows = (el: SubkitBillingHistory) => $$(el, 'tr[part~="row"]:not([part~="row-skeleton"])');
export const numbers = (el: SubkitBillingHistory) => rows(el).map((r) => text(r.querySelector('[part~="number"]')));
export const cells = (row: HTMLElement) => [...row.children].map((c) => text(c));
export const row = (el: SubkitBillingHistory, number: string) => {
  const found = rows(el).find((r) => text(r.querySelector('[part~="number"]')) === number);
  if (!found) throw new Error(`no row ${number}`);
  return found;
};

export async function loaded(options: Options = {}): Promise<SubkitBillingHistory> {
  const el = await history(options);
  await until(() => rows(el).length > 0, 'invoice rows rendered');
  return el;
}

export async function openDetail(el: SubkitBillingHistory, number: string): Promise<HTMLDialogElement> {
  (row(el, number).querySelector('[part~="number"]') as HTMLButtonElement).click();
  await until(() => $$(el, '[part~="lines"]').length > 0, 'invoice detail');
  return $(el, 'dialog') as HTMLDialogElement;
}

/** Captures downloads instead of letting the browser save them. */
export function captureDownloads(): { files: { href: string; download: string }[]; restore: () => void } {
  const files: { href: string; download: string }[] = [];
  const original = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download) files.push({ href: this.href, download: this.download });
    else original.call(this);
  };
  return { files, restore: () => (HTMLAnchorElement.prototype.click = original) };
}

export const listRequests = (server: FixtureServer) => server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/invoices');

/** A row's Pay button once it is offered (the rows can render before the session's role is known). */
export async function payButton(el: SubkitBillingHistory, number: string): Promise<HTMLButtonElement> {
  await until(() => row(el, number).querySelector('[part~="pay"]') !== null, `pay offered on ${number} once the session is known`);
  return row(el, number).querySelector('[part~="pay"]') as HTMLButtonElement;
}
