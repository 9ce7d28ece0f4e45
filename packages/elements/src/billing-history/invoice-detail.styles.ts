import { css } from 'lit';

/** Layout of the billing history's invoice dialog (lines, tiers, payments, credit notes, pay panel): logical properties only. */
export const invoiceDetailStyles = css`
  @layer subkit.component {
    [part~='dialog'] {
      inline-size: min(46rem, 100vw - 2rem);
      max-block-size: min(90vh, 60rem);
      box-shadow: 0 20px 60px rgb(0 0 0 / 0.3);
    }
    [part~='dialog']::backdrop {
      background: rgb(10 12 20 / 0.55);
    }
    [part~='dialog-header'] {
      position: sticky;
      inset-block-start: 0;
      z-index: 1;
      display: flex;
      align-items: center;
      gap: var(--_space);
      padding: calc(var(--_space) * 2);
      background: var(--_bg);
      border-block-end: 1px solid var(--_border);
    }
    [part~='dialog-title'] {
      font-size: 1.2em;
    }
    [part~='dialog-header'] [part~='close'] {
      margin-inline-start: auto;
      min-block-size: 2.25em;
    }
    [part~='dialog-body'] {
      gap: calc(var(--_space) * 2);
      padding: calc(var(--_space) * 2);
    }
    [part~='dialog-body'] h4 {
      margin: 0 0 var(--_space);
      font-size: 1em;
    }
    [part~='transfer'] {
      margin-block: calc(var(--_space) * 2);
    }
    [part~='transfer'] p {
      margin: 0 0 var(--_space);
    }
    [part~='meta'] {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
      gap: var(--_space) calc(var(--_space) * 2);
      margin: 0;
    }
    [part~='meta-term'] {
      color: var(--_muted);
      font-size: 0.85em;
    }
    [part~='meta-value'] {
      margin: 0;
      font-weight: 500;
    }
    [part~='lines'] {
      inline-size: 100%;
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
    }
    [part~='lines'] caption {
      text-align: start;
      font-weight: 700;
      padding-block-end: var(--_space);
    }
    [part~='lines'] thead th {
      font-size: 0.85em;
      color: var(--_muted);
      font-weight: 600;
      border-block-end: 1px solid var(--_border);
    }
    [part~='lines'] th,
    [part~='lines'] td {
      padding-block: calc(var(--_space) * 0.75);
      text-align: start;
      font-weight: 400;
      vertical-align: top;
    }
    [part~='lines'] td,
    [part~='lines'] thead th:last-child {
      text-align: end;
      white-space: nowrap;
      padding-inline-start: calc(var(--_space) * 2);
    }
    [part~='line'] > * {
      border-block-start: 1px solid var(--_border);
    }
    [part~='line-description'] {
      font-weight: 500;
    }
    [part~='line-tag'] {
      display: inline-block;
      margin-inline-start: var(--_space);
      padding-inline: calc(var(--_space) * 0.75);
      border-radius: 999px;
      font-size: 0.75em;
      font-weight: 600;
      background: var(--_surface);
      border: 1px solid var(--_border);
    }
    [part~='line-credit'] [part~='line-tag'],
    [part~='line-credit'] td {
      color: var(--_accent);
    }
    [part~='line-period'] {
      display: block;
      color: var(--_muted);
      font-size: 0.85em;
    }
    [part~='tier'] th,
    [part~='tier'] td {
      padding-block: 2px;
      font-size: 0.85em;
      color: var(--_muted);
    }
    [part~='tier'] th {
      padding-inline-start: calc(var(--_space) * 2);
    }
    [part~='totals'] > tr:first-child > * {
      border-block-start: 2px solid var(--_border);
    }
    [part~='total'] > *,
    [part~='amount-due'] > * {
      font-weight: 700 !important;
    }
    [part~='payments'] ul,
    [part~='credit-notes'] ul {
      margin: 0;
      padding: 0;
      list-style: none;
      display: grid;
      gap: calc(var(--_space) * 0.5);
    }
    [part~='payment'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_space) * 0.5) calc(var(--_space) * 1.5);
    }
    [part~='payment-failure'] {
      color: var(--_danger);
    }
    [part~='payment-retry'] {
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='credit-note'] {
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      padding: var(--_space) calc(var(--_space) * 1.5);
    }
    [part~='credit-note'] p {
      margin-block: 0 calc(var(--_space) * 0.5);
    }
    [part~='credit-note-amount'] {
      color: var(--_accent);
      font-weight: 600;
    }
    [part~='credit-note'] li {
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='pay-panel'] {
      border: 1px solid var(--_primary);
      border-radius: var(--_radius-small);
      padding: calc(var(--_space) * 1.5);
    }
    [part~='pay-panel'] p {
      margin-block: 0 var(--_space);
    }
    [part~='message-error'] {
      color: var(--_danger);
    }
    [part~='message-success'] {
      color: var(--_accent);
      font-weight: 600;
    }
    /* A payment attempt's badge (a failed one shares the overdue invoice's rule, in the widget's styles). */
    [part~='badge-attempt-succeeded'] {
      color: var(--_accent);
    }
    [part~='badge-attempt-pending'],
    [part~='badge-attempt-requires_action'] {
      color: var(--_warning);
    }
    [part~='dialog-actions'] {
      justify-content: flex-end;
    }
  }
`;
