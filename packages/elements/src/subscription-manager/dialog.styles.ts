import { css } from 'lit';

/**
 * Layout of the manager's dialog (change, pause, cancel, payment method, pay now): fields, options, the
 * change preview, retention offers, the test-card form. Fetched with the dialogs' templates when a buyer
 * first opens one (`dialogs.view.ts`), and added after the widget's own styles.
 */
export const dialogStyles = css`
  @layer subkit.component {
    [part~='dialog'] {
      inline-size: min(36rem, calc(100vw - 2rem));
      max-block-size: calc(100vh - 2rem);
      font-family: var(--_font);
      font-size: var(--_font-size);
      line-height: 1.45;
    }
    [part~='dialog']::backdrop {
      background: rgb(0 0 0 / 0.45);
    }
    [part~='dialog-body'] > p {
      margin: 0;
    }
    [part~='dialog-error']:empty,
    [part~='field-error']:empty {
      display: none;
    }
    [part~='field'] {
      display: grid;
      align-content: start;
      gap: calc(var(--_space) * 0.5);
    }
    [part~='field-row'] {
      display: grid;
      grid-template-columns: 1fr 1fr;
      align-items: start;
      gap: var(--_space);
    }
    /* Card numbers, expiry and codes read left to right in every script. */
    [part~='test-mode'] input {
      direction: ltr;
    }
    [part~='label'] {
      font-weight: 600;
    }
    [part~='fieldset'] {
      display: grid;
      gap: calc(var(--_space) * 0.75);
      margin: 0;
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
    }
    [part~='option'] {
      display: flex;
      align-items: center;
      gap: var(--_space);
      cursor: pointer;
    }
    [part~='option'] input {
      min-block-size: auto;
      margin: 0;
      accent-color: var(--_primary);
    }
    [part~='add-on-quantity-row'] {
      flex-wrap: wrap;
    }
    [part~='option'] [part~='add-on-quantity'] {
      inline-size: 6em;
    }
    [part~='add-on-quantity-row'] [part~='field-error'] {
      flex-basis: 100%;
    }
    [part~='approval-needed'] {
      margin: 0;
      padding: var(--_space) calc(var(--_space) * 1.5);
      border-inline-start: 4px solid var(--_warning);
      background: var(--_surface);
    }
    [part~='preview-lines'] {
      inline-size: 100%;
      border-collapse: collapse;
      font-size: 0.92em;
    }
    [part~='preview-lines'] th,
    [part~='preview-lines'] td {
      padding-block: calc(var(--_space) * 0.5);
      padding-inline: calc(var(--_space) * 0.5);
      text-align: start;
      vertical-align: top;
      border-block-end: 1px solid var(--_border);
    }
    [part~='preview-lines'] thead th {
      color: var(--_muted);
      font-weight: 500;
    }
    [part~='preview-lines'] tbody th {
      font-weight: 400;
    }
    [part~='preview-lines'] td:last-child,
    [part~='preview-lines'] thead th:last-child {
      text-align: end;
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    [part~='preview-line-credit'] td:last-child {
      color: var(--_accent);
    }
    [part~='preview-due'] > * {
      font-weight: 700;
      font-size: 1.1em;
      border-block-end: 0;
    }
    [part~='preview-next'] {
      margin: 0;
      color: var(--_muted);
    }
    [part~='offers'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--_space);
    }
    [part~='offer'] {
      display: grid;
      gap: calc(var(--_space) * 0.5);
      justify-items: start;
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      background: var(--_surface);
    }
    [part~='offer-title'] {
      margin: 0;
    }
    [part~='offer-description'] {
      margin: 0;
      color: var(--_muted);
    }
    [part~='test-mode'] {
      display: grid;
      gap: var(--_space);
      padding: calc(var(--_space) * 1.5);
      border: 1px dashed var(--_warning);
      border-radius: var(--_radius-small);
    }
    [part~='test-mode-badge'] {
      margin: 0;
      justify-self: start;
      font-size: 0.75em;
      font-weight: 700;
      letter-spacing: 0.06em;
      padding-inline: var(--_space);
      border-radius: 999px;
      background: var(--_warning);
      color: var(--_bg);
    }
    [part~='test-cards'] {
      margin: 0;
      padding-inline-start: calc(var(--_space) * 2.5);
      font-size: 0.85em;
      color: var(--_muted);
    }
  }
`;
