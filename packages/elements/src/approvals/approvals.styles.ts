import { css } from 'lit';

/** Layout of the approval requests list: logical properties only, so Arabic mirrors it. */
export const styles = css`
  @layer subkit.component {
    [part~='tabs'] {
      display: flex;
      gap: calc(var(--_space) / 2);
      margin-block-end: calc(var(--_space) * 2);
      border-block-end: 1px solid var(--_border);
    }
    [part~='tab'] {
      padding-block: var(--_space);
      padding-inline: calc(var(--_space) * 1.5);
      border: 0;
      border-block-end: 3px solid transparent;
      background: none;
      color: var(--_muted);
      font-weight: 600;
      cursor: pointer;
    }
    [part~='tab-selected'] {
      color: var(--_text);
      border-block-end-color: var(--_primary);
    }
    [part~='group'] + [part~='group'] {
      margin-block-start: calc(var(--_space) * 3);
    }
    [part~='group-title'] {
      margin: 0 0 var(--_space);
      font-size: 1.05em;
    }
    [part~='requests'] {
      display: grid;
      gap: calc(var(--_space) * 1.5);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    [part~='request'] {
      display: grid;
      gap: var(--_space);
      padding: calc(var(--_space) * 2);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    [part~='request-pending'] {
      border-inline-start: 4px solid var(--_warning);
    }
    [part~='request-header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space);
    }
    [part~='request-title'] {
      margin: 0;
      font-size: 1em;
    }
    [part~='badge-pending'] {
      color: var(--_warning);
    }
    [part~='badge-approved'] {
      color: var(--_accent);
    }
    [part~='badge-rejected'] {
      color: var(--_danger);
    }
    [part~='badge-expired'],
    [part~='badge-canceled'] {
      color: var(--_muted);
    }
    [part~='requested-by'],
    [part~='expires'],
    [part~='outcome'] {
      margin: 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='outcome-rejected'] {
      color: var(--_text);
    }
    [part~='facts'] {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
      gap: var(--_space) calc(var(--_space) * 2);
      margin: 0;
    }
    [part~='fact-term'] {
      color: var(--_muted);
      font-size: 0.85em;
    }
    [part~='fact-value'] {
      margin: 0;
      font-weight: 500;
      font-variant-numeric: tabular-nums;
    }
    [part~='comment'] {
      margin: 0;
      padding-block: var(--_space);
      padding-inline: calc(var(--_space) * 1.5);
      border-inline-start: 3px solid var(--_border);
      background: var(--_surface);
      white-space: pre-line;
    }
    [part~='skeleton-card'] {
      margin-block-end: calc(var(--_space) * 1.5);
    }
  }
`;
