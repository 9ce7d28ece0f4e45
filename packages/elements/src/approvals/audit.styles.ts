import { css } from 'lit';

/** Layout of the audit log (its filter row and table): logical properties only. */
export const auditStyles = css`
  @layer subkit.component {
    [part~='audit-tools'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
      margin-block-end: calc(var(--_space) * 2);
    }
    [part~='audit-tools'] [part~='export'] {
      margin-inline-start: auto;
    }
    [part~='table-scroll'] {
      overflow-x: auto;
      /* Contributes no width of its own: a wide table scrolls here instead of widening the page on a phone. */
      inline-size: 0;
      min-inline-size: 100%;
    }
    [part~='audit-table'] {
      inline-size: 100%;
      min-inline-size: 36rem;
      border-collapse: collapse;
      font-size: 0.9em;
    }
    [part~='audit-table'] th,
    [part~='audit-table'] td {
      padding: var(--_space);
      border-block-end: 1px solid var(--_border);
      text-align: start;
      vertical-align: top;
    }
    [part~='audit-table'] th {
      background: var(--_surface);
      white-space: nowrap;
    }
    [part~='actor-role'],
    [part~='object-id'] {
      color: var(--_muted);
    }
    [part~='changes'] {
      margin: 0;
      padding: 0;
      list-style: none;
      overflow-wrap: anywhere;
    }
    [part~='change-field'] {
      font-weight: 600;
    }
    [part~='skeleton-line'] {
      margin-block-end: var(--_space);
    }
  }
`;
