import { css } from 'lit';

/** Layout of `<subkit-subscription-manager>`: logical properties only, so RTL needs no overrides. */
export const styles = css`
  @layer subkit.component {
    [part~='hint'] {
      margin: 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
    /* Messages in a tinted box: the conflict notice, the past-due banner, the upgrade nudge. */
    [part~='notice'],
    [part~='banner'],
    [part~='nudge'] {
      --_tint: var(--_warning);
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space);
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_tint);
      border-radius: var(--_radius-small);
      background: color-mix(in srgb, var(--_tint) 8%, var(--_bg));
    }
    [part~='notice'],
    [part~='banner'] {
      border-inline-start-width: 4px;
    }
    [part~='notice'] {
      margin-block-end: calc(var(--_space) * 2);
    }
    [part~='notice-error'],
    [part~='banner'] {
      --_tint: var(--_danger);
    }
    [part~='notice-success'] {
      --_tint: var(--_accent);
    }
    [part~='notice'] p,
    [part~='banner'] p,
    [part~='nudge'] p {
      margin: 0;
    }
    [part~='banner'] p,
    [part~='nudge'] p {
      flex: 1 1 16rem;
    }
    [part~='subscriptions'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: calc(var(--_space) * 2);
    }
    [part~='subscription'] {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    [part~='subscription'] > article,
    [part~='subscription-skeleton'] {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 1.5);
      padding: calc(var(--_space) * 2);
    }
    [part~='subscription-canceled'] {
      border-style: dashed;
      background: var(--_bg);
    }
    [part~='subscription-past-due'] {
      border-color: var(--_danger);
    }
    [part~='subscription-header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }
    [part~='plan-name'] {
      margin: 0;
      margin-inline-end: auto;
      font-size: 1.2em;
    }
    [part~='status-active'],
    [part~='status-trialing'] {
      color: var(--_accent);
    }
    [part~='status-past-due'],
    [part~='status-unpaid'],
    [part~='status-incomplete'] {
      color: var(--_danger);
    }
    [part~='status-paused'],
    [part~='status-ending'] {
      color: var(--_warning);
    }
    [part~='status-canceled'] {
      color: var(--_muted);
    }
    [part~='details'] {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr));
      gap: var(--_space) calc(var(--_space) * 2);
      margin: 0;
    }
    [part~='detail-term'] {
      color: var(--_muted);
      font-size: 0.85em;
    }
    [part~='detail-value'] {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    [part~='trial-note'] {
      display: block;
    }
    [part~='items'] {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    [part~='usage'] {
      display: grid;
      gap: var(--_space);
      padding-block-start: calc(var(--_space) * 1.5);
      border-block-start: 1px solid var(--_border);
    }
    [part~='usage-title'] {
      margin: 0;
      font-size: 1em;
    }
    [part~='usage-metric'] {
      display: grid;
      gap: calc(var(--_space) * 0.5);
    }
    [part~='usage-label'] {
      font-weight: 600;
    }
    [part~='meter'] {
      inline-size: 100%;
      block-size: 0.75em;
    }
    [part~='meter']::-webkit-meter-bar {
      block-size: 0.75em;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_bg);
    }
    [part~='meter']::-webkit-meter-optimum-value {
      border-radius: 999px;
      background: var(--_primary);
    }
    [part~='meter']::-webkit-meter-suboptimum-value {
      border-radius: 999px;
      background: var(--_warning);
    }
    [part~='meter']::-webkit-meter-even-less-good-value {
      border-radius: 999px;
      background: var(--_danger);
    }
    [part~='usage-figures'],
    [part~='usage-projection'],
    [part~='projected-total'] {
      margin: 0;
      font-size: 0.9em;
      font-variant-numeric: tabular-nums;
    }
    [part~='usage-projection'] {
      color: var(--_muted);
    }
    [part~='projected-total'] {
      font-weight: 600;
    }
    [part~='button-danger'] {
      background: transparent;
      border-color: var(--_danger);
      color: var(--_danger);
    }
    [part~='confirm'][part~='button-danger'] {
      background: var(--_danger);
      color: var(--_bg);
    }
    [part~='button-link'] {
      border: 0;
      background: none;
      padding: 0;
      color: var(--_primary);
      text-decoration: underline;
      cursor: pointer;
      font-weight: 500;
    }
    [part~='dialog'] {
      inline-size: min(36rem, calc(100vw - 2rem));
      max-block-size: calc(100vh - 2rem);
      font-family: var(--_font);
      font-size: var(--_font-size);
      line-height: 1.45;
    }
    [part~='dialog']::backdrop {
      background: rgb(0 0 0 / 0.45);
    }
    [part~='dialog-body'] > p {
      margin: 0;
    }
    [part~='dialog-error']:empty,
    [part~='field-error']:empty {
      display: none;
    }
    [part~='field'] {
      display: grid;
      align-content: start;
      gap: calc(var(--_space) * 0.5);
    }
    [part~='field-row'] {
      display: grid;
      grid-template-columns: 1fr 1fr;
      align-items: start;
      gap: var(--_space);
    }
    /* Card numbers, expiry and codes read left to right in every script. */
    [part~='test-mode'] input {
      direction: ltr;
    }
    [part~='label'] {
      font-weight: 600;
    }
    [part~='fieldset'] {
      display: grid;
      gap: calc(var(--_space) * 0.75);
      margin: 0;
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
    }
    [part~='option'] {
      display: flex;
      align-items: center;
      gap: var(--_space);
      cursor: pointer;
    }
    [part~='option'] input {
      min-block-size: auto;
      margin: 0;
      accent-color: var(--_primary);
    }
    [part~='add-on-quantity-row'] {
      flex-wrap: wrap;
    }
    [part~='option'] [part~='add-on-quantity'] {
      inline-size: 6em;
    }
    [part~='add-on-quantity-row'] [part~='field-error'] {
      flex-basis: 100%;
    }
    [part~='textarea'] {
      font: inherit;
      color: inherit;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      padding: var(--_space);
      resize: vertical;
    }
    [part~='preview-lines'] {
      inline-size: 100%;
      border-collapse: collapse;
      font-size: 0.92em;
    }
    [part~='preview-lines'] th,
    [part~='preview-lines'] td {
      padding-block: calc(var(--_space) * 0.5);
      padding-inline: calc(var(--_space) * 0.5);
      text-align: start;
      vertical-align: top;
      border-block-end: 1px solid var(--_border);
    }
    [part~='preview-lines'] thead th {
      color: var(--_muted);
      font-weight: 500;
    }
    [part~='preview-lines'] tbody th {
      font-weight: 400;
    }
    [part~='preview-lines'] td:last-child,
    [part~='preview-lines'] thead th:last-child {
      text-align: end;
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    [part~='preview-line-credit'] td:last-child {
      color: var(--_accent);
    }
    [part~='preview-due'] > * {
      font-weight: 700;
      font-size: 1.1em;
      border-block-end: 0;
    }
    [part~='preview-next'] {
      margin: 0;
      color: var(--_muted);
    }
    [part~='offers'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--_space);
    }
    [part~='offer'] {
      display: grid;
      gap: calc(var(--_space) * 0.5);
      justify-items: start;
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      background: var(--_surface);
    }
    [part~='offer-title'] {
      margin: 0;
    }
    [part~='offer-description'] {
      margin: 0;
      color: var(--_muted);
    }
    [part~='test-mode'] {
      display: grid;
      gap: var(--_space);
      padding: calc(var(--_space) * 1.5);
      border: 1px dashed var(--_warning);
      border-radius: var(--_radius-small);
    }
    [part~='test-mode-badge'] {
      margin: 0;
      justify-self: start;
      font-size: 0.75em;
      font-weight: 700;
      letter-spacing: 0.06em;
      padding-inline: var(--_space);
      border-radius: 999px;
      background: var(--_warning);
      color: var(--_bg);
    }
    [part~='test-cards'] {
      margin: 0;
      padding-inline-start: calc(var(--_space) * 2.5);
      font-size: 0.85em;
      color: var(--_muted);
    }
    [part~='empty'] {
      display: grid;
      justify-items: center;
      gap: var(--_space);
    }
    [part~='empty'] p {
      margin: 0;
    }
    [part~='subscription-skeleton'] {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    [part~='skeletons'] {
      display: grid;
      gap: calc(var(--_space) * 2);
    }
  }
`;
