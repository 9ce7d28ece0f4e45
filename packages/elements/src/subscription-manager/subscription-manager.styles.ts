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
    [part~='notice'],
    [part~='base'] > [part~='error']:not(:last-child) {
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
    [part~='subscription-canceled'],
    [part~='subscription-incomplete-expired'] {
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
    [part~='status-canceled'],
    [part~='status-incomplete-expired'] {
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
    [part~='action-note'] {
      margin-block: var(--_space) 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
  }
`;
