import { html, nothing, type TemplateResult } from 'lit';
import type { AuditEntry, AuditObjectType } from '@subkit/core';
import type { AuditFilter, Remote } from '@subkit/client';
import { format } from '../locales/locales.js';
import type { ApprovalsStrings } from '../locales/approvals.js';
import { errorState, loadingState, skeleton } from '../templates/states.js';

/** What the audit log's templates need. */
export interface AuditContext {
  s: ApprovalsStrings;
  locale: string;
  audit: Remote<AuditEntry[]> & { filter: AuditFilter };
  exporting: boolean;
  onFilter(event: Event): void;
  onExport(): void;
  onRetry(): void;
}

/** The kinds of objects the log can be filtered by (core's `AuditObjectType`, without its schema code). */
const OBJECT_TYPES: readonly AuditObjectType[] = ['subscription', 'approval_request', 'purchasing_policy', 'payment_method', 'member', 'quote', 'commitment'];

const table = (s: ApprovalsStrings) => s as ApprovalsStrings & Record<string, string>;
const stamps = new Map<string, Intl.DateTimeFormat>();

/** When, to the minute, in UTC (billing instants). */
function when(iso: string, locale: string): string {
  let formatter = stamps.get(locale);
  if (!formatter) stamps.set(locale, (formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })));
  return formatter.format(new Date(iso));
}

/** A recorded value as a person reads it: text as is, numbers and booleans, objects in short. */
function readable(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Who made the change: the member and their role, the merchant's key, or the engine. */
function who(entry: AuditEntry, s: ApprovalsStrings): TemplateResult | string {
  const t = table(s);
  const { actor } = entry;
  if (actor.type === 'member') return html`<bdi>${actor.name ?? actor.memberId}</bdi>${actor.role ? html`<span part="actor-role"> · ${t[`role_${actor.role}`]}</span>` : nothing}`;
  if (actor.type === 'merchant') return format(s.actorMerchant, { key: actor.key ?? '' });
  return s.actorSystem;
}

/** The fields that changed, one line each: "quantity: 3 → 8". */
function changes(entry: AuditEntry): TemplateResult {
  // A created object lists only the fields it was created with (not its empty ones).
  const empty = (value: unknown) => value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  const keys = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])].filter(
    (key) => !(empty(entry.before?.[key]) && empty(entry.after?.[key])),
  );
  return html`<ul part="changes" role="list">
    ${keys.map(
      (key) => html`<li part="change"><span part="change-field">${key}</span>: <bdi dir="ltr">${readable(entry.before?.[key])}</bdi> → <bdi dir="ltr">${readable(entry.after?.[key])}</bdi></li>`,
    )}
  </ul>`;
}

function row(entry: AuditEntry, c: AuditContext): TemplateResult {
  const t = table(c.s);
  const verb = entry.action.split('.').pop() ?? '';
  return html`<tr part="audit-row">
    <td>${when(entry.at, c.locale)}</td>
    <td>${who(entry, c.s)}</td>
    <td>${t[`object_${entry.objectType}`]} ${t[`verb_${verb}`] ?? verb} <br /><span part="object-id"><bdi dir="ltr">${entry.objectId}</bdi></span></td>
    <td>${changes(entry)}</td>
  </tr>`;
}

/** The audit log: a filter by kind of object, Export CSV, and the entries newest first. */
export function auditPanel(c: AuditContext): TemplateResult {
  const { s, audit } = c;
  const t = table(s);
  let body: TemplateResult;
  if (audit.error && !audit.data) body = errorState(s.auditError, audit.error, s, c.onRetry);
  else if (!audit.data) body = loadingState(s.auditLoading, html`<div aria-hidden="true">${[0, 1, 2, 3].map(() => skeleton({ block: '2.5em' }, 'skeleton skeleton-line'))}</div>`);
  else if (audit.data.length === 0) body = html`<p part="empty">${s.auditEmpty}</p>`;
  else {
    body = html`<div part="table-scroll" tabindex="0" role="region" aria-label=${s.tabAudit}>
      <table part="audit-table" aria-busy=${audit.loading ? 'true' : 'false'}>
        <thead>
          <tr>
            <th scope="col">${s.colWhen}</th>
            <th scope="col">${s.colWho}</th>
            <th scope="col">${s.colWhat}</th>
            <th scope="col">${s.colChanges}</th>
          </tr>
        </thead>
        <tbody>${audit.data.map((entry) => row(entry, c))}</tbody>
      </table>
    </div>`;
  }
  return html`<div part="audit-tools">
      <label part="label" for="audit-filter">${s.auditShow}</label>
      <select part="select" id="audit-filter" name="objectType" @change=${c.onFilter}>
        <option value="" ?selected=${!audit.filter.objectType}>${s.auditAll}</option>
        ${OBJECT_TYPES.map((type) => html`<option value=${type} ?selected=${audit.filter.objectType === type}>${t[`object_${type}`]}</option>`)}
      </select>
      <button part="button button-secondary export" type="button" ?disabled=${c.exporting} @click=${c.onExport}>${c.exporting ? s.exporting : s.exportCsv}</button>
    </div>
    ${body}`;
}
