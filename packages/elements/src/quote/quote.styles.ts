import { css } from 'lit';

/** Layout of `<subkit-quote>` after the shared parts: logical properties only, so RTL needs no overrides. */
export const styles = css`
  @layer subkit.component {
    [part~='quotes'] {
      display: grid;
      gap: calc(var(--_space) * 2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    [part~='quote'] {
      display: grid;
      gap: calc(var(--_space) * 1.5);
      padding: calc(var(--_space) * 2);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    [part~='quote'] > article {
      display: grid;
      gap: calc(var(--_space) * 1.5);
    }
    [part~='quote-open'] {
      border-color: var(--_primary);
    }
    [part~='quote-header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }
    [part~='quote-title'] {
      margin: 0;
      margin-inline-end: auto;
      font-size: 1.2em;
    }
    [part~='status-open'] {
      color: var(--_primary);
    }
    [part~='status-accepted'] {
      color: var(--_accent);
    }
    [part~='status-declined'],
    [part~='status-expired'],
    [part~='status-canceled'] {
      color: var(--_muted);
    }
    [part~='terms'] {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr));
      gap: var(--_space) calc(var(--_space) * 2);
      margin: 0;
    }
    [part~='terms'] > div:first-child {
      grid-column: 1 / -1;
    }
    [part~='terms'] dt {
      color: var(--_muted);
      font-size: 0.85em;
    }
    [part~='terms'] dd {
      margin: 0;
      font-weight: 500;
    }
    [part~='items'] {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    [part~='quote-note'] {
      margin: 0;
      padding: var(--_space) calc(var(--_space) * 1.5);
      border-inline-start: 3px solid var(--_border);
      background: var(--_surface);
    }
    [part~='quote-note'] figcaption {
      color: var(--_muted);
      font-size: 0.85em;
    }
    [part~='quote-note'] blockquote {
      margin: 0;
      white-space: pre-line;
    }
    [part~='first-invoice'] h4 {
      margin: 0;
    }
    [part~='invoice-dates'] {
      margin: 0 0 var(--_space);
      color: var(--_muted);
    }
    [part~='lines'] {
      inline-size: 100%;
      border-collapse: collapse;
    }
    [part~='lines'] th,
    [part~='lines'] td {
      padding-block: calc(var(--_space) * 0.5);
      text-align: start;
      font-weight: 400;
      vertical-align: top;
    }
    [part~='lines'] td,
    [part~='lines'] thead th:last-child {
      text-align: end;
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    [part~='lines'] thead th {
      color: var(--_muted);
      font-size: 0.85em;
      border-block-end: 1px solid var(--_border);
    }
    [part~='totals'] tr:first-child > * {
      border-block-start: 1px solid var(--_border);
    }
    [part~='total'] > * {
      font-weight: 700;
    }
    [part~='outcome'] {
      margin: 0;
    }
    [part~='done'] {
      color: var(--_accent);
      font-weight: 600;
    }
    [part~='decision'] {
      display: grid;
      gap: calc(var(--_space) * 1.5);
      padding: calc(var(--_space) * 1.5);
      border-radius: var(--_radius-small);
      background: var(--_surface);
    }
    [part~='decision'] p {
      margin: 0;
    }
    [part~='field'] {
      display: grid;
      gap: calc(var(--_space) * 0.5);
    }
    [part~='label'] {
      font-weight: 600;
    }
    [part~='hint'] {
      color: var(--_muted);
      font-size: 0.875em;
    }
    [part~='field-error']:empty {
      display: none;
    }
    [part~='input'],
    [part~='textarea'] {
      padding: var(--_space);
      max-inline-size: 28rem;
    }
  }
`;
