import { css } from 'lit';

/** Layout of `<subkit-billing-history>`: logical properties only, so RTL needs no overrides. */
export const styles = css`
  @layer subkit.component {
    :host {
      --_row-height: var(--subkit-history-row-height, 3.25rem);
      --_list-height: var(--subkit-history-height, 32rem);
    }
    [part~='header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space);
    }
    [part~='filters'] {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: var(--_space) calc(var(--_space) * 2);
      margin-block-end: calc(var(--_space) * 2);
    }
    [part~='filter'] {
      display: grid;
      gap: calc(var(--_space) * 0.5);
      font-size: 0.9em;
      color: var(--_muted);
    }
    [part~='filter'] > select,
    [part~='filter'] > input {
      color: var(--_text);
      font-size: 1rem;
    }
    [part~='filters'] [part~='field-error'] {
      flex-basis: 100%;
    }
    [part~='filters'] [part~='field-error']:empty {
      display: none;
    }
    [part~='base'] > [part~='error'] {
      margin-block-end: calc(var(--_space) * 2);
    }
    [part~='table-scroll'] {
      /* The wide table scrolls inside this region instead of widening the page (grid and flex parents included). */
      container-type: inline-size;
      /* Positioned, so visually hidden labels inside stay clipped by it rather than widening the page. */
      position: relative;
      max-block-size: var(--_list-height);
      overflow: auto;
      overscroll-behavior: contain;
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
    }
    /* The previous filters' rows while the new ones load: still readable, visibly not current. */
    [part~='table-scroll-busy'] tbody {
      opacity: 0.55;
    }
    [part~='table'] {
      inline-size: 100%;
      /* The sum of the column widths: narrower, the region scrolls instead of clipping the actions. */
      min-inline-size: 63rem;
      border-collapse: separate;
      border-spacing: 0;
      table-layout: fixed;
    }
    .col-number {
      inline-size: 9rem;
    }
    .col-issued {
      inline-size: 7.5rem;
    }
    .col-period {
      inline-size: 12rem;
    }
    .col-po {
      inline-size: 8rem;
    }
    .col-amount {
      inline-size: 7rem;
    }
    .col-status {
      inline-size: 9.5rem;
    }
    .col-actions {
      inline-size: 10rem;
    }
    [part~='header-cell'] {
      position: sticky;
      inset-block-start: 0;
      z-index: 1;
      background: var(--_surface);
      border-block-end: 1px solid var(--_border);
      padding-block: var(--_space);
      padding-inline: var(--_space);
      text-align: start;
      font-size: 0.85em;
      font-weight: 600;
      color: var(--_muted);
      white-space: nowrap;
    }
    [part~='row'] {
      block-size: var(--_row-height);
    }
    [part~='row']:nth-child(even of [part~='row']) > * {
      background: color-mix(in srgb, var(--_surface) 55%, transparent);
    }
    [part~='cell'] {
      padding-block: 0;
      padding-inline: var(--_space);
      border-block-end: 1px solid var(--_border);
      text-align: start;
      font-weight: 400;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      vertical-align: middle;
    }
    [part~='header-cell'][part~='header-amount'],
    [part~='cell'][part~='cell-amount'] {
      text-align: end;
    }
    [part~='cell-amount'] {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }
    @container (inline-size < 50rem) {
      [part~='table'] {
        min-inline-size: 43rem;
      }
      .col-period,
      .col-po,
      [part~='header-period'],
      [part~='header-po'],
      [part~='cell-period'],
      [part~='cell-po'] {
        display: none;
      }
    }
    [part~='cell-po'],
    [part~='cell-period'] {
      color: var(--_muted);
    }
    /*
     * A phone: each invoice is a stacked row (number and purpose, amount; issued, status; PO, actions) instead
     * of a table scrolling sideways with the amount, status and actions out of view. The rows keep one
     * height, so the virtual list still measures one row for all.
     */
    @container (inline-size < 36rem) {
      [part~='table'],
      [part~='table'] tbody {
        display: block;
        min-inline-size: 0;
      }
      [part~='table'] colgroup {
        display: none;
      }
      [part~='table'] thead {
        position: absolute;
        inline-size: 1px;
        block-size: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
      [part~='row'] {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        grid-template-areas: 'number amount' 'issued status' 'po actions';
        align-content: center;
        align-items: center;
        row-gap: 2px;
        block-size: var(--subkit-history-row-height-stacked, 7.5rem);
        box-sizing: border-box;
        padding-block: var(--_space);
        border-block-end: 1px solid var(--_border);
      }
      [part~='row'] > [part~='cell'] {
        display: block;
        border: 0;
        padding-inline: var(--_space);
      }
      /* The stripe of every other invoice covers the whole stacked row, not each cell's box. */
      [part~='row']:nth-child(even of [part~='row']) {
        background: color-mix(in srgb, var(--_surface) 55%, transparent);
      }
      [part~='row']:nth-child(even of [part~='row']) > * {
        background: none;
      }
      [part~='cell-number'] {
        grid-area: number;
      }
      [part~='cell-amount'] {
        grid-area: amount;
        text-align: end;
      }
      [part~='cell-issued'] {
        grid-area: issued;
        color: var(--_muted);
      }
      [part~='cell-status'] {
        grid-area: status;
        text-align: end;
      }
      [part~='cell-po'] {
        grid-area: po;
      }
      [part~='cell-actions'] {
        grid-area: actions;
      }
      [part~='row'] > [part~='cell-period'] {
        display: none;
      }
      [part~='spacer'],
      [part~='spacer'] > td {
        display: block;
      }
    }
    [part~='cell-actions'] {
      text-align: end;
    }
    [part~='spacer'] > td {
      padding: 0;
      border: 0;
    }
    [part~='purpose'] {
      display: block;
      overflow: hidden;
      text-overflow: ellipsis;
      font-size: 0.78em;
      color: var(--_muted);
    }
    [part~='invoice-number'] {
      white-space: nowrap;
    }
    [part~='row'] [part~='skeleton'] {
      block-size: 0.9em;
    }
    [part~='skeleton-line'] {
      block-size: 1.4em;
      margin-block: 0.6em;
    }
    [part~='number'] {
      border: 0;
      background: none;
      padding: 2px;
      color: var(--_primary);
      font-weight: 600;
      text-decoration: underline;
      text-underline-offset: 3px;
      cursor: pointer;
      max-inline-size: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    [part~='cell-actions'] [part~='button'] {
      min-block-size: 2.2em;
      padding-inline: calc(var(--_space) * 1.25);
      font-size: 0.85em;
    }
    [part~='cell-actions'] [part~='button'] + [part~='button'] {
      margin-inline-start: calc(var(--_space) * 0.5);
    }
    [part~='badge'] {
      font-size: 0.78em;
      line-height: 1.3;
    }
    [part~='badge'] + [part~='badge'] {
      margin-inline-start: calc(var(--_space) * 0.5);
    }
    [part~='badge-paid'] {
      color: var(--_accent);
    }
    [part~='badge-open'] {
      color: var(--_warning);
    }
    [part~='badge-overdue'],
    [part~='badge-attempt-failed'] {
      color: var(--_bg);
      background: var(--_danger);
      border-color: var(--_danger);
    }
    [part~='badge-void'],
    [part~='badge-draft'] {
      color: var(--_muted);
    }
    [part~='badge-uncollectible'] {
      color: var(--_danger);
    }
    [part~='badge-credited'] {
      color: var(--_primary);
    }
    [part~='sentinel'] {
      block-size: 1px;
    }
    [part~='footer'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space);
      margin-block-start: var(--_space);
    }
    [part~='summary'] {
      margin: 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='footer'] [part~='error'] {
      flex-basis: 100%;
    }
    [part~='empty'] p {
      margin-block: 0 var(--_space);
    }
  }
`;
