import { css } from 'lit';

/** Layout of `<subkit-plan-picker>` after the shared heading: logical properties only, so RTL needs no overrides. */
export const styles = css`
  @layer subkit.component {
    [part~='controls'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: calc(var(--_space) * 2);
      margin-block-end: calc(var(--_space) * 2);
    }
    [part~='interval-toggle'] {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 2px;
      margin: 0;
      padding: 3px;
      border: 1px solid var(--_border);
      /* Not a pill: on narrow screens the options wrap onto several rows. */
      border-radius: calc(var(--_radius-small) + 3px);
      background: var(--_surface);
    }
    [part~='interval-option'] {
      position: relative;
      display: inline-flex;
      align-items: center;
      gap: calc(var(--_space) * 0.75);
      padding-block: calc(var(--_space) * 0.75);
      padding-inline: calc(var(--_space) * 1.75);
      border-radius: var(--_radius-small);
      cursor: pointer;
      font-weight: 500;
    }
    [part~='interval-option'] input {
      position: absolute;
      opacity: 0;
      inset: 0;
      margin: 0;
      cursor: pointer;
    }
    [part~='interval-option']:has(input:focus-visible) {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    [part~='interval-option-checked'] {
      background: var(--_primary);
      color: var(--_on-primary);
    }
    [part~='saving-badge'] {
      font-size: 0.8em;
      font-weight: 600;
      padding-inline: calc(var(--_space) * 0.75);
      border-radius: 999px;
      background: color-mix(in srgb, var(--_accent) 10%, var(--_bg));
      color: var(--_accent);
    }
    [part~='interval-option-checked'] [part~='saving-badge'] {
      background: var(--_on-primary);
      color: var(--_primary);
    }
    [part~='currency'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space);
    }
    [part~='plans'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 14.5rem), 1fr));
      gap: calc(var(--_space) * 2);
      align-items: stretch;
    }
    [part~='plan'] {
      display: flex;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    [part~='plan'] > article,
    [part~='plan-skeleton'] {
      display: flex;
      flex-direction: column;
      gap: var(--_space);
      padding: calc(var(--_space) * 2);
      inline-size: 100%;
    }
    [part~='plan-recommended'] {
      border: 2px solid var(--_primary);
    }
    [part~='plan-selected'] {
      box-shadow: 0 0 0 3px color-mix(in srgb, var(--_primary) 35%, transparent);
    }
    [part~='plan-unavailable'] {
      opacity: 0.75;
    }
    [part~='plan-name'] {
      margin: 0;
      font-size: 1.2em;
    }
    [part~='badges'] {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) * 0.5);
      margin: 0;
    }
    [part~='badge'] {
      display: inline-block;
      font-size: 0.78em;
      font-weight: 600;
      padding-block: 2px;
      padding-inline: var(--_space);
      border-radius: 999px;
      border: 1px solid var(--_border);
      background: var(--_bg);
    }
    [part~='badge-recommended'] {
      background: var(--_primary);
      border-color: var(--_primary);
      color: var(--_on-primary);
    }
    [part~='badge-trial'],
    [part~='badge-saving'] {
      border-color: var(--_accent);
      color: var(--_accent);
    }
    [part~='badge-contract'] {
      border-color: var(--_warning);
      color: var(--_warning);
    }
    [part~='plan-description'],
    [part~='price-note'],
    [part~='list-price'],
    [part~='price-composition'],
    [part~='usage-note'],
    [part~='add-ons-note'],
    [part~='quantity-hint'],
    [part~='quote-ready'],
    [part~='note'] {
      margin: 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='price'] {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: calc(var(--_space) * 0.75);
    }
    [part~='amount'] {
      font-size: 1.75em;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    [part~='period'] {
      color: var(--_muted);
    }
    [part~='quantity'] {
      display: grid;
      grid-template-columns: 1fr auto;
      align-items: center;
      gap: calc(var(--_space) * 0.5) var(--_space);
    }
    [part~='quantity-input'] {
      inline-size: 6.5em;
    }
    [part~='quantity'] [part~='field-error'] {
      grid-column: 1 / -1;
    }
    [part~='quantity'] [part~='field-error']:empty {
      display: none;
    }
    [part~='breakdown'] {
      border-block-start: 1px solid var(--_border);
      padding-block-start: var(--_space);
    }
    [part~='breakdown-toggle'] {
      cursor: pointer;
      color: var(--_primary);
      font-weight: 500;
    }
    [part~='breakdown-table'] {
      inline-size: 100%;
      border-collapse: collapse;
      margin-block: var(--_space);
      font-size: 0.9em;
    }
    [part~='breakdown-table'] th {
      text-align: start;
      font-weight: 400;
    }
    [part~='breakdown-table'] td {
      text-align: end;
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
      padding-inline-start: var(--_space);
    }
    [part~='breakdown-table'] th,
    [part~='breakdown-table'] td {
      padding-block: 3px;
      vertical-align: top;
    }
    [part~='breakdown-total'] > * {
      border-block-start: 1px solid var(--_border);
      font-weight: 700 !important;
    }
    [part~='cta'] {
      margin-block-start: auto;
      inline-size: 100%;
    }
    [part~='note'] {
      margin-block-end: calc(var(--_space) * 2);
    }
    [part~='features-scroll'] {
      overflow-x: auto;
      /* The table scrolls inside: it must not widen the widget (or the page's grid) to its own width. */
      contain: inline-size;
      /* Visually hidden cell text is absolutely positioned: keep it inside the scroller, not the page. */
      position: relative;
      margin-block-start: calc(var(--_space) * 3);
      /* A shadow on each side with more columns beyond it (a phone shows three plans of five): each edge's shadow
         stays with the box, a cover moving with the table hides it at that end — so either direction works. */
      --_s: color-mix(in srgb, var(--_text) 45%, #0000);
      background:
        linear-gradient(90deg, var(--_bg) 30%, #0000) 0 / 2em no-repeat local,
        linear-gradient(-90deg, var(--_bg) 30%, #0000) 100% / 2em no-repeat local,
        linear-gradient(90deg, var(--_s), #0000) 0 / 1em no-repeat,
        linear-gradient(-90deg, var(--_s), #0000) 100% / 1em no-repeat;
    }
    [part~='features'] {
      inline-size: 100%;
      border-collapse: collapse;
    }
    [part~='features'] caption {
      text-align: start;
      font-weight: 700;
      font-size: 1.1em;
      padding-block-end: var(--_space);
    }
    [part~='features'] th,
    [part~='features'] td {
      padding: var(--_space);
      border-block-end: 1px solid var(--_border);
      text-align: center;
    }
    [part~='features'] th[scope='row'],
    [part~='features'] thead th:first-child {
      text-align: start;
    }
    [part~='feature-yes'] {
      color: var(--_accent);
      font-weight: 700;
    }
    [part~='feature-no'] {
      color: var(--_muted);
    }
  }
`;
