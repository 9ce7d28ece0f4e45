import { html, nothing, type TemplateResult } from 'lit';
import type { AuditEntry, AuditObjectType } from '@subkit/core';
import type { AuditFilter, Remote } from '@subkit/client';
import { changeLines, type ValueContext } from './audit-values.js';
import { errorState, loadingState, skeleton } from '../templates/states.js';

/** What the audit log's templates need. */
export interface AuditContext extends ValueContext {
  dir: 'ltr' | 'rtl';
  audit: Remote<AuditEntry[]> & { filter: AuditFilter };
  exporting: boolean;
  onFilter(event: Event): void;
  onExport(): void;
  onRetry(): void;
}

/** The kinds of objects the log can be filtered by (core's `AuditObjectType`, without its schema code). */
const OBJECT_TYPES: readonly AuditObjectType[] = ['subscription', 'approval_request', 'purchasing_policy', 'payment_method', 'member', 'quote', 'commitment', 'invoice'];

const table = (t: object) => t as Record<string, string>;
const stamps = new Map<string, Intl.DateTimeFormat>();

/** When, to the minute, in UTC (billing instants). */
function when(iso: string, locale: string): string {
  let formatter = stamps.get(locale);
  if (!formatter) stamps.set(locale, (formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })));
  return formatter.format(new Date(iso));
}

/** Who made the change: the member and their role, the merchant (a buyer's log never says with which key), or the engine. */
function who(entry: AuditEntry, c: AuditContext): TemplateResult | string {
  const { actor } = entry;
  if (actor.type === 'member') return html`<bdi>${actor.name ?? actor.memberId}</bdi>${actor.role ? html`<span part="actor-role"> · ${table(c.s)[`role_${actor.role}`]}</span>` : nothing}`;
  if (actor.type === 'merchant') return c.a.actorMerchant;
  return c.a.actorSystem;
}

/** The fields that changed, one line each: "Seats: 5 → 6"; a created or removed object's fields with their values. */
function changes(entry: AuditEntry, c: AuditContext): TemplateResult {
  const value = (text: string, part: string) => html`<bdi part=${part}>${text}</bdi>`;
  return html`<ul part="changes" role="list">
    ${changeLines(entry, c).map(
      (line) =>
        html`<li part="change" data-field=${line.field}>
          <span part="change-field">${line.label}</span>:
          ${line.before !== null && line.after !== null
            ? html`${value(line.before, 'change-before')} <span part="change-arrow">${c.dir === 'rtl' ? '←' : '→'}</span> ${value(line.after, 'change-after')}`
            : value(line.after ?? line.before ?? '—', line.after !== null ? 'change-after' : 'change-before')}
        </li>`,
    )}
  </ul>`;
}

/**
 * One entry. Its cells carry their column's name (`data-label`): on a narrow container each entry is a block
 * whose cells show it above their value (the header row is hidden then); the explicit roles keep the table a
 * table to screen readers when its rows are laid out as blocks.
 */
function row(entry: AuditEntry, c: AuditContext): TemplateResult {
  const { a } = c;
  const t = table(a);
  const verb = entry.action.split('.').pop() ?? '';
  return html`<tr part="audit-row" role="row">
    <td role="cell" data-label=${a.colWhen}>${when(entry.at, c.locale)}</td>
    <td role="cell" data-label=${a.colWho}>${who(entry, c)}</td>
    <td role="cell" data-label=${a.colWhat}>${t[`object_${entry.objectType}`]} ${t[`verb_${verb}`] ?? verb} <br /><span part="object-id"><bdi dir="ltr">${entry.objectId}</bdi></span></td>
    <td role="cell" data-label=${a.colChanges}>${changes(entry, c)}</td>
  </tr>`;
}

/** The audit log: a filter by kind of object, Export CSV, and the entries newest first. */
export function auditPanel(c: AuditContext): TemplateResult {
  const { s, a, audit } = c;
  const t = table(a);
  let body: TemplateResult;
  if (audit.error && !audit.data) body = errorState(a.auditError, audit.error, s, c.onRetry);
  else if (!audit.data) body = loadingState(a.auditLoading, html`<div aria-hidden="true">${[0, 1, 2, 3].map(() => skeleton({ block: '2.5em' }, 'skeleton skeleton-line'))}</div>`);
  else if (audit.data.length === 0) body = html`<p part="empty">${a.auditEmpty}</p>`;
  else {
    body = html`<div part="table-scroll" tabindex="0" role="region" aria-label=${s.tabAudit}>
      <table part="audit-table" role="table" aria-busy=${audit.loading ? 'true' : 'false'}>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${a.colWhen}</th>
            <th role="columnheader" scope="col">${a.colWho}</th>
            <th role="columnheader" scope="col">${a.colWhat}</th>
            <th role="columnheader" scope="col">${a.colChanges}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">${audit.data.map((entry) => row(entry, c))}</tbody>
      </table>
    </div>`;
  }
  return html`<div part="audit-tools">
      <label part="label" for="audit-filter">${a.auditShow}</label>
      <select part="select" id="audit-filter" name="objectType" @change=${c.onFilter}>
        <option value="" ?selected=${!audit.filter.objectType}>${a.auditAll}</option>
        ${OBJECT_TYPES.map((type) => html`<option value=${type} ?selected=${audit.filter.objectType === type}>${t[`object_${type}`]}</option>`)}
      </select>
      <button part="button button-secondary export" type="button" ?disabled=${c.exporting} @click=${c.onExport}>${c.exporting ? a.exporting : a.exportCsv}</button>
    </div>
    ${body}`;
}
