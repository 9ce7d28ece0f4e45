import { css } from 'lit';

/** Layout of the review dialog (the amounts side by side, the decision): logical properties only. */
export const reviewStyles = css`
  @layer subkit.component {
    [part~='dialog'] {
      inline-size: min(40rem, 100vw - 2rem);
      max-block-size: min(90vh, 50rem);
      box-shadow: 0 20px 60px rgb(0 0 0 / 0.3);
    }
    [part~='dialog']::backdrop {
      background: rgb(10 12 20 / 0.55);
    }
    [part~='dialog-header'] {
      display: flex;
      align-items: center;
      gap: var(--_space);
      padding: calc(var(--_space) * 2);
      border-block-end: 1px solid var(--_border);
    }
    [part~='dialog-title'] {
      font-size: 1.15em;
    }
    [part~='dialog-close'] {
      margin-inline-start: auto;
      min-block-size: 2.25em;
    }
    [part~='dialog-body'] {
      padding: calc(var(--_space) * 2);
    }
    [part~='dialog-summary'],
    [part~='same'],
    [part~='changed'],
    [part~='cannot-apply'],
    [part~='message'] {
      margin: 0;
    }
    [part~='changed'],
    [part~='cannot-apply'],
    [part~='message-error'] {
      color: var(--_danger);
      font-weight: 600;
    }
    [part~='message-success'] {
      color: var(--_accent);
      font-weight: 600;
    }
    [part~='table-scroll'] {
      overflow-x: auto;
      /* Contributes no width of its own: a wide table scrolls here instead of widening the page on a phone. */
      inline-size: 0;
      min-inline-size: 100%;
    }
    [part~='comparison'] {
      inline-size: 100%;
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
    }
    [part~='comparison'] th,
    [part~='comparison'] td {
      padding-block: calc(var(--_space) * 0.75);
      padding-inline: var(--_space);
      border-block-end: 1px solid var(--_border);
      text-align: end;
      white-space: nowrap;
    }
    [part~='comparison'] th[scope='row'],
    [part~='comparison'] thead th:first-child {
      text-align: start;
      font-weight: 500;
      white-space: normal;
    }
    [part~='row-changed'] {
      background: var(--_surface);
      font-weight: 600;
    }
    [part~='field'] {
      display: grid;
      gap: calc(var(--_space) / 2);
    }
    [part~='hint'] {
      color: var(--_muted);
      font-size: 0.875em;
    }
    [part~='skeleton-line'] {
      block-size: 1.2em;
      margin-block: var(--_space);
    }
  }
`;
