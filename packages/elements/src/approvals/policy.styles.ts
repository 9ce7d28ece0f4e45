import { css } from 'lit';

/** Layout of the purchasing policy form: logical properties only, so Arabic mirrors it. */
export const policyStyles = css`
  @layer subkit.component {
    [part~='policy-form'] {
      display: grid;
      gap: calc(var(--_space) * 2);
      max-inline-size: 40rem;
    }
    [part~='policy-intro'],
    [part~='policy-updated'] {
      margin: 0;
    }
    [part~='policy-updated'],
    [part~='hint'] {
      margin: 0;
      color: var(--_muted);
      font-size: 0.875em;
    }
    [part~='fieldset'] {
      display: grid;
      gap: var(--_space);
      margin: 0;
      padding: calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      min-inline-size: 0;
    }
    [part~='legend'] {
      padding-inline: calc(var(--_space) / 2);
      font-weight: 600;
    }
    [part~='checks'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space) calc(var(--_space) * 2.5);
    }
    [part~='check'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space);
      min-block-size: 2.75em;
      cursor: pointer;
    }
    [part~='checkbox'] {
      inline-size: 1.15em;
      block-size: 1.15em;
      margin: 0;
      padding: 0;
      accent-color: var(--_primary);
    }
    [part~='checkbox']:disabled + span {
      color: var(--_muted);
    }
    [part~='plan-group'] {
      display: grid;
    }
    [part~='plan-group-title'] {
      font-size: 0.92em;
      font-weight: 500;
    }
    [part~='field'] {
      display: grid;
      gap: calc(var(--_space) / 2);
      align-content: start;
    }
    [part~='label'] {
      font-weight: 500;
      font-size: 0.92em;
    }
    [part~='field'] [part~='input'] {
      max-inline-size: 14rem;
    }
    [part~='field-error']:empty {
      display: none;
    }
    [part~='policy-actions'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_space) * 1.5);
    }
    [part~='saved'] {
      color: var(--_accent);
      font-weight: 600;
    }
    [part~='skeleton-line'] {
      margin-block-end: var(--_space);
    }
  }
`;
