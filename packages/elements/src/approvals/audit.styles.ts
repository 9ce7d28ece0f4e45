import { css } from 'lit';

/**
 * Layout of the audit log (its filter row and table): logical properties only. Below 36rem of room (a phone,
 * a narrow sidebar) — a container query, so the widget's own width decides, not the viewport's — each entry
 * is one block: its cells one under another, each with its column's name, and nothing scrolls sideways.
 */
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
      container: audit / inline-size;
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
    @container audit (inline-size < 36rem) {
      [part~='audit-table'] {
        min-inline-size: 0;
      }
      [part~='audit-table'] :is(tbody, tr, td) {
        display: block;
      }
      /* The column names move into each entry; the header row stays for screen readers only (clipped to no height). */
      [part~='audit-table'] thead {
        display: block;
        block-size: 0;
        overflow: hidden;
      }
      [part~='audit-row'] {
        padding-block: var(--_space);
        border-block-end: 1px solid var(--_border);
      }
      [part~='audit-table'] td {
        padding-block: calc(var(--_space) / 2);
        padding-inline: 0;
        border: 0;
      }
      /* Shown, not read: the cell's column header already names it to a screen reader. */
      [part~='audit-table'] td::before {
        content: attr(data-label) / '';
        display: block;
        font-size: 0.85em;
        font-weight: 600;
        color: var(--_muted);
      }
    }
  }
`;
