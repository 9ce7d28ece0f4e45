import { css } from 'lit';

/** Layout of `<subkit-checkout>`: logical properties only, so RTL needs no overrides. */
export const styles = css`
  @layer subkit.component {
    [part~='title'] {
      margin-block: 0 calc(var(--_space) * 2);
      font-size: 1.5em;
      line-height: 1.2;
    }
    [part~='layout'] {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 19rem), 1fr));
      gap: calc(var(--_space) * 3);
      align-items: start;
    }
    [part~='form'] {
      display: grid;
      gap: calc(var(--_space) * 2);
    }
    [part~='section'] {
      display: grid;
      gap: calc(var(--_space) * 1.5);
      margin: 0;
      padding: calc(var(--_space) * 2);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    [part~='section-title'] {
      font-weight: 700;
      font-size: 1.05em;
      padding-inline: calc(var(--_space) * 0.5);
      margin: 0;
    }
    [part~='field'] {
      display: grid;
      gap: calc(var(--_space) * 0.5);
      /* A neighbour's error message makes the row taller: keep label and control together at the top. */
      align-content: start;
      min-inline-size: 0;
    }
    [part~='field-row'] {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 9rem), 1fr));
      gap: calc(var(--_space) * 1.5);
    }
    [part~='label'] {
      font-weight: 500;
      font-size: 0.92em;
    }
    [part~='input'],
    [part~='select'] {
      inline-size: 100%;
    }
    [part~='hint'] {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875em;
    }
    [part~='field-error']:empty {
      display: none;
    }
    /* Every row has the checkbox column, so names line up whether or not a row has a checkbox. */
    [part~='add-on'] {
      display: grid;
      grid-template-columns: 1.15em minmax(0, 1fr) fit-content(45%);
      align-items: center;
      gap: calc(var(--_space) * 0.25) calc(var(--_space) * 1.5);
    }
    [part~='add-on'] + [part~='add-on'] {
      border-block-start: 1px solid var(--_border);
      padding-block-start: var(--_space);
    }
    [part~='add-on-toggle'] {
      margin: 0;
      inline-size: 1.15em;
      block-size: 1.15em;
      accent-color: var(--_primary);
    }
    [part~='add-on-name'] {
      grid-column: 2;
      font-weight: 600;
    }
    [part~='add-on-price'] {
      text-align: end;
    }
    [part~='add-on-description'] {
      grid-area: 2 / 2 / 3 / 4;
      color: var(--_muted);
      font-size: 0.875em;
    }
    [part~='add-on']:has([part~='add-on-quantity']) [part~='add-on-description'] {
      grid-column-end: 3;
    }
    [part~='add-on-quantity'] {
      grid-area: 2 / 3;
      justify-self: end;
      inline-size: 6em;
    }
    [part~='add-on'] [part~='field-error'] {
      grid-column: 2 / 4;
    }
    [part~='side'] {
      position: sticky;
      /* Below the storefront's own sticky header, when the page says how tall it is. */
      inset-block-start: var(--subkit-sticky-top, var(--_space));
      display: grid;
      gap: calc(var(--_space) * 2);
    }
    [part~='summary'] {
      display: grid;
      gap: var(--_space);
      padding: calc(var(--_space) * 2);
      border-radius: var(--_radius);
      background: var(--_surface);
      border: 1px solid var(--_border);
    }
    [part~='summary'] h3 {
      margin: 0;
    }
    [part~='summary-plan'],
    [part~='trial-note'],
    [part~='next-invoice'] {
      margin: 0;
    }
    [part~='trial-note'] {
      color: var(--_accent);
      font-weight: 600;
    }
    [part~='next-invoice'] {
      color: var(--_muted);
      font-size: 0.9em;
    }
    [part~='summary-lines'] {
      margin: 0;
      display: grid;
      gap: calc(var(--_space) * 0.5);
    }
    [part~='summary-line'] {
      display: flex;
      justify-content: space-between;
      gap: var(--_space);
    }
    [part~='summary-line'] dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    [part~='summary-subtotal'],
    [part~='summary-total'] {
      border-block-start: 1px solid var(--_border);
      padding-block-start: calc(var(--_space) * 0.5);
    }
    [part~='summary-total'] {
      font-weight: 700;
    }
    [part~='summary-discount'] dd {
      color: var(--_accent);
    }
    [part~='due-today'] {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: baseline;
      gap: 0 var(--_space);
      font-size: 1.15em;
      padding-block: var(--_space);
      border-block: 2px solid var(--_border);
    }
    [part~='due-today'] strong {
      /* Paying by invoice the label is a sentence: when it wraps, the amount stays at the end. */
      margin-inline-start: auto;
      font-size: 1.3em;
      white-space: nowrap;
    }
    [part~='promo'] {
      display: grid;
      gap: calc(var(--_space) * 0.5);
    }
    [part~='promo-row'] {
      display: flex;
      gap: var(--_space);
    }
    [part~='promo-row'] [part~='input'] {
      flex: 1;
      min-inline-size: 0;
    }
    [part~='promo-message'] {
      margin: 0;
      font-size: 0.875em;
    }
    [part~='promo-valid'] {
      color: var(--_accent);
    }
    [part~='button-link'] {
      background: none;
      border: 0;
      padding: 0;
      margin-inline-start: var(--_space);
      color: var(--_primary);
      text-decoration: underline;
      cursor: pointer;
    }
    [part~='payment-choice'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
    }
    [part~='payment-option'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space);
      padding-block: var(--_space);
      padding-inline: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      cursor: pointer;
    }
    [part~='payment-option-checked'] {
      border-color: var(--_primary);
      box-shadow: inset 0 0 0 1px var(--_primary);
    }
    [part~='invoice'] {
      display: grid;
      gap: calc(var(--_space) * 1.5);
    }
    [part~='net-terms'] {
      margin: 0;
      padding: var(--_space);
      border-inline-start: 3px solid var(--_primary);
      background: var(--_surface);
    }
    [part~='form-error'] {
      margin: 0;
      color: var(--_danger);
      font-weight: 500;
    }
    [part~='form-error']:empty {
      display: none;
    }
    [part~='submit'] {
      inline-size: 100%;
      font-size: 1.05em;
    }
    [part~='submit-area'] {
      display: grid;
      gap: var(--_space);
    }
    [part~='skeletons'] {
      display: grid;
      gap: var(--_space);
    }
    [part~='success'] {
      padding: calc(var(--_space) * 2);
      border: 1px solid var(--_accent);
      border-radius: var(--_radius);
    }
    [part~='success-title'] {
      margin-block-start: 0;
      color: var(--_accent);
    }
  }
`;
