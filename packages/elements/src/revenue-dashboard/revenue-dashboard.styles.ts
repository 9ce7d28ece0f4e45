import { css } from 'lit';

/** Layout of `<subkit-revenue-dashboard>`: logical properties only, so RTL needs no overrides. */
export const styles = css`
  @layer subkit.component {
    [part~='header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: calc(var(--_space) * 2);
    }
    [part~='controls'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_space) * 1.5);
    }
    [part~='currency'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space);
    }
    [part~='as-of'] {
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='refresh'] {
      background: transparent;
      color: var(--_primary);
    }
    /* minmax(0, …): a wide table scrolls inside its own box instead of widening the page on a phone. */
    [part~='content'] {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: calc(var(--_space) * 3);
    }
    [part~='figure-list'] {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 9.5em), 1fr));
      gap: calc(var(--_space) * 1.5);
      margin: 0;
    }
    [part~='figure'] {
      display: grid;
      align-content: start;
      gap: 2px;
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      /* The value's size follows the card's width (cqi): an amount fits on one line on a phone too. */
      container-type: inline-size;
    }
    [part~='figure-label'] {
      font-weight: 600;
      color: var(--_muted);
      font-size: 0.875em;
    }
    [part~='figure'] dd {
      margin: 0;
    }
    [part~='figure-value'] {
      font-size: min(1.35em, 14cqi);
      overflow-wrap: anywhere;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    [part~='figure-detail'] {
      color: var(--_muted);
      font-size: 0.8em;
    }
    [part~='note'] {
      margin-block: var(--_space) 0;
    }
    [part~='section-title'] {
      margin-block: 0 var(--_space);
      font-size: 1.1em;
    }
    .section-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space);
      margin-block-end: var(--_space);
    }
    .section-head [part~='section-title'] {
      margin: 0;
    }
    .charts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 22em), 1fr));
      gap: calc(var(--_space) * 3);
    }
    .charts > * {
      min-inline-size: 0;
    }
    [part~='chart-canvas'] {
      min-block-size: 220px;
      inline-size: 100%;
      overflow: hidden;
    }
    [part~='chart-table'] {
      margin-block-start: var(--_space);
      font-size: 0.9em;
    }
    [part~='chart-table-toggle'] {
      cursor: pointer;
      color: var(--_primary);
    }
    [part~='chart-key'] {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) * 1.5);
      margin: var(--_space) 0 0;
      padding: 0;
      list-style: none;
      font-size: 0.85em;
      color: var(--_muted);
    }
    [part~='chart-key-item'] {
      display: inline-flex;
      align-items: center;
      gap: calc(var(--_space) * 0.5);
    }
    /* Each swatch wears its bars' pattern (charts.ts PATTERNS): lines 2px wide every 8px across, dots 3px. */
    .swatch {
      inline-size: 1.2em;
      block-size: 1.2em;
      border-radius: 2px;
      background-color: var(--_c);
      --_rising: repeating-linear-gradient(135deg, var(--_bg) 0 1.4px, transparent 1.4px 5.66px);
      --_falling: repeating-linear-gradient(45deg, var(--_bg) 0 1.4px, transparent 1.4px 5.66px);
    }
    .swatch-newMrr {
      --_c: var(--_primary);
    }
    .swatch-expansion {
      --_c: var(--_accent);
      background-image: var(--_rising);
    }
    .swatch-reactivation {
      --_c: color-mix(in srgb, var(--_accent) 55%, var(--_primary));
      background-image: radial-gradient(circle, var(--_bg) 1.5px, transparent 1.8px);
      background-size: 8px 8px;
    }
    .swatch-contraction {
      --_c: var(--_warning);
      background-image: var(--_falling);
    }
    .swatch-churned {
      --_c: var(--_danger);
      background-image: var(--_rising), var(--_falling);
    }
    .table-scroll {
      overflow-x: auto;
    }
    [part~='table'] {
      border-collapse: collapse;
      inline-size: 100%;
      font-variant-numeric: tabular-nums;
    }
    [part~='table'] th,
    [part~='table'] td {
      padding-block: calc(var(--_space) * 0.75);
      padding-inline: var(--_space);
      border-block-end: 1px solid var(--_border);
      text-align: end;
      white-space: nowrap;
    }
    [part~='table'] th:first-child,
    [part~='table'] td:first-child {
      text-align: start;
    }
    [part~='table'] thead th {
      color: var(--_muted);
      font-weight: 600;
      font-size: 0.875em;
    }
    [part~='cohort-modes'] {
      display: inline-flex;
      gap: 4px;
    }
    [part~='cohort-mode'] {
      min-block-size: 2.25em;
      background: transparent;
      color: var(--_primary);
    }
    [part~='cohort-mode-active'] {
      background: var(--_primary);
      color: var(--_on-primary);
    }
    /* At most half primary: the text colour keeps its contrast on every tint, light and dark. */
    [part~='cohort-cell'] {
      background: color-mix(in srgb, var(--_primary) calc(var(--_share, 0) * 50%), var(--_bg));
    }
    [part~='webhook-figures'] {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) * 3);
      margin: 0 0 var(--_space);
    }
    [part~='webhook-figures'] dt {
      color: var(--_muted);
      font-size: 0.875em;
    }
    [part~='webhook-figures'] dd {
      margin: 0;
      font-size: 1.25em;
      font-weight: 700;
    }
    [part~='endpoint-url'] {
      max-inline-size: 22em;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    [part~='status-ok'] {
      color: var(--_accent);
    }
    [part~='status-warning'] {
      color: var(--_warning);
    }
    [part~='status-danger'] {
      color: var(--_danger);
    }
    .skeleton-figures {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 9.5em), 1fr));
      gap: calc(var(--_space) * 1.5);
    }
    /* uPlot's own layout rules, inside the shadow root (its stylesheet cannot reach in). */
    .uplot,
    .uplot * {
      box-sizing: border-box;
    }
    .uplot {
      line-height: 1.5;
      width: min-content;
    }
    .u-wrap {
      position: relative;
      user-select: none;
    }
    .u-over,
    .u-under,
    .u-axis {
      position: absolute;
    }
    .u-under {
      overflow: hidden;
    }
    .uplot canvas {
      display: block;
      position: relative;
      width: 100%;
      height: 100%;
    }
    .u-select,
    .u-cursor-x,
    .u-cursor-y,
    .u-cursor-pt {
      display: none;
    }
  }
`;
