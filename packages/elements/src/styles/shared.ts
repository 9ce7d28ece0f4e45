import { css } from 'lit';
import { heading } from './tokens.js';

/**
 * Parts the self-service widgets share: the heading row, role notes, status pills (a subscription's
 * `status`, an invoice's `badge`) and the modal dialog with its title, body and action row. A widget
 * lists it after `tokens` and before its own sheet, which only states where it differs.
 */
export const shared = [
  heading,
  css`
  @layer subkit.component {
    [part~='note'] {
      margin-block: 0 calc(var(--_space) * 2);
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='tax-note'] {
      margin-block: var(--_space);
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='status'],
    [part~='badge'] {
      display: inline-block;
      font-size: 0.8em;
      font-weight: 600;
      padding-block: 2px;
      padding-inline: var(--_space);
      border-radius: 999px;
      border: 1px solid currentColor;
    }
    [part~='dialog'] {
      padding: 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
    }
    [part~='dialog-title'] {
      margin: 0;
      font-size: 1.25em;
    }
    [part~='dialog-body'] {
      display: grid;
      gap: calc(var(--_space) * 1.5);
      padding: calc(var(--_space) * 3);
    }
    [part~='actions'],
    [part~='dialog-actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
    }
  }
`,
];
