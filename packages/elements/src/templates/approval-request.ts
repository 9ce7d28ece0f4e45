// Asking a billing admin to approve (issue #17), one way for every widget: the PO number and note fields,
// the request sent through the shared approvals store (an open <subkit-approvals> shows it at once), and the
// `subkit-*-requested` event. A chunk of its own, fetched when a preview first says approval is needed:
// neither the widgets' own code nor the chunks they share carry it.
import { html, type TemplateResult } from 'lit';
import type { ApprovalRequest, ApprovalRequestCreate, PurchaseRequestCreate } from '@subkit/core';
import { createPurchaseRequest } from '@subkit/core/endpoints';
import { approvalsStore, type Result, type SubkitConnection } from '@subkit/client';
import { ApprovalRequestedEvent, PurchaseRequestedEvent } from '../events/approval-requested.js';
import { field } from './fields.js';

/** The PO number and the note for the approver, as typed. */
export interface RequestFields {
  poNumber: string;
  note: string;
}

/** How a widget shows the request's fields. */
export interface RequestFieldsOptions {
  /** The fields' ids are `<id>-po` and `<id>-note`. */
  id: string;
  values: RequestFields;
  labels: RequestFields;
  /** An error the server gave a field (its `param`). */
  errors?: Partial<RequestFields>;
  /** After a field's value, as typed, was written into `values`. */
  onInput?(field: keyof RequestFields): void;
}

/** The PO number and the note for the approver (both optional); what is typed goes into `values`. */
export function requestFields(o: RequestFieldsOptions): TemplateResult {
  const error = o.errors?.note;
  const typed = (name: keyof RequestFields) => (event: Event) => {
    o.values[name] = (event.target as HTMLInputElement).value;
    o.onInput?.(name);
  };
  return html`${field({ id: `${o.id}-po`, label: o.labels.poNumber, value: o.values.poNumber, error: o.errors?.poNumber, onInput: typed('poNumber') })}
    <div part="field">
      <label part="label" for="${o.id}-note">${o.labels.note}</label>
      <textarea part="input textarea" id="${o.id}-note" name="${o.id}-note" rows="3" maxlength="2000" .value=${o.values.note}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby="${o.id}-note-error" @input=${typed('note')}></textarea>
      <span part="field-error" id="${o.id}-note-error">${error ?? ''}</span>
    </div>`;
}

/** What is sent for approval: a change of a subscription (through the approvals store: an open `<subkit-approvals>` shows it at once), or a new purchase (a checkout's order). */
export type ApprovalAsk =
  | { change: Omit<ApprovalRequestCreate, 'poNumber' | 'note'> }
  | { purchase: Omit<PurchaseRequestCreate, 'poNumber' | 'note'> };

/**
 * Sends the request with its PO number and note and, once the server has it, fires
 * `subkit-approval-requested` (a change) or `subkit-purchase-requested` (a purchase) from `host`.
 */
export async function sendForApproval(host: HTMLElement, client: SubkitConnection, ask: ApprovalAsk, fields: RequestFields): Promise<Result<ApprovalRequest>> {
  const poNumber = fields.poNumber.trim();
  const note = fields.note.trim();
  const extras = { ...(poNumber ? { poNumber } : {}), ...(note ? { note } : {}) };
  const result = 'change' in ask ? await approvalsStore(client).requestApproval({ ...ask.change, ...extras }) : await client.send(createPurchaseRequest, { body: { ...ask.purchase, ...extras } });
  if (result.ok) {
    const detail = { requestId: result.data.id, request: result.data };
    host.dispatchEvent('change' in ask ? new ApprovalRequestedEvent(detail) : new PurchaseRequestedEvent(detail));
  }
  return result;
}
