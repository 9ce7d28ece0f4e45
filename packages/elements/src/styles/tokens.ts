import { css, unsafeCSS } from 'lit';

/**
 * Each private colour (`--_<name>`, `--_bg` for the background): the page's token (`--subkit-color-<token>`)
 * where it set one, else the scheme's default (`--_scheme-<name>`).
 */
const colors = unsafeCSS(
  'background surface text muted border primary on-primary accent danger warning'
    .split(' ')
    .map((token) => {
      const name = token === 'background' ? 'bg' : token;
      return `--_${name}:var(--subkit-color-${token},var(--_scheme-${name}));`;
    })
    .join(''),
);

/** The dark scheme's defaults: with `theme="dark"`, and with `prefers-color-scheme: dark` unless `theme="light"`. */
const dark = css`
  --_scheme-bg: #14161c;
  --_scheme-surface: #1d2029;
  --_scheme-text: #eceef3;
  --_scheme-muted: #a5acbb;
  --_scheme-border: #383d4a;
  --_scheme-primary: #9aa6ff;
  --_scheme-on-primary: #10131c;
  --_scheme-accent: #4fd1a9;
  --_scheme-danger: #ff8a80;
  --_scheme-warning: #f5c451;
  color-scheme: dark;
`;

/**
 * The public design tokens and the light/dark themes every widget shares.
 *
 * Designers set `--subkit-*` on the widget (or any ancestor); components read only the private
 * `--_*` copies below, so a missing token falls back to the theme default. Dark applies with
 * `theme="dark"`, or with `prefers-color-scheme: dark` unless `theme="light"`.
 * Layers keep the cascade predictable: `subkit.tokens` < `subkit.base` < `subkit.component`.
 */
export const tokens = css`
  @layer subkit.tokens, subkit.base, subkit.component;

  @layer subkit.tokens {
    :host {
      --_scheme-bg: #ffffff;
      --_scheme-surface: #f6f7f9;
      --_scheme-text: #161a23;
      --_scheme-muted: #5a6172;
      --_scheme-border: #d5d9e1;
      --_scheme-primary: #3a4bd8;
      --_scheme-on-primary: #ffffff;
      --_scheme-accent: #0a6a52;
      --_scheme-danger: #b42318;
      --_scheme-warning: #8a5a00;
      ${colors}
      --_radius: var(--subkit-radius, 10px);
      --_radius-small: var(--subkit-radius-small, 6px);
      --_space: var(--subkit-spacing, 8px);
      --_font: var(--subkit-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif);
      --_font-size: var(--subkit-font-size, 15px);
      --_focus: var(--subkit-color-focus, var(--_primary));
      color-scheme: light;
    }
    :host([theme='dark']) {
      ${dark}
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        ${dark}
      }
    }
  }

  @layer subkit.base {
    :host {
      display: block;
      box-sizing: border-box;
      font-family: var(--_font);
      font-size: var(--_font-size);
      line-height: 1.45;
      color: var(--_text);
    }
    :host([hidden]) {
      display: none;
    }
    :host(:state(localizing)) {
      visibility: hidden;
    }
    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }
    [part~='base'] {
      position: relative;
      background: var(--_bg);
      color: var(--_text);
      border-radius: var(--_radius);
      padding: calc(var(--_space) * 2);
    }
    :focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    fieldset {
      min-inline-size: 0;
    }
    button,
    input,
    select,
    textarea,
    summary {
      font: inherit;
      color: inherit;
    }
    input,
    select,
    textarea {
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      padding: var(--_space);
    }
    input,
    select {
      padding-block: 0;
      block-size: 2.5em;
    }
    textarea {
      resize: vertical;
    }
    input[aria-invalid='true'] {
      border-color: var(--_danger);
    }
    [part~='button'] {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: var(--_space);
      min-block-size: 2.75em;
      padding-inline: calc(var(--_space) * 2);
      border-radius: var(--_radius-small);
      border: 1px solid var(--_primary);
      background: var(--_primary);
      color: var(--_on-primary);
      font-weight: 600;
      cursor: pointer;
      text-decoration: none;
    }
    [part~='button-secondary'] {
      background: transparent;
      color: var(--_primary);
    }
    [part~='button']:disabled,
    [part~='button'][aria-disabled='true'] {
      opacity: 0.6;
      cursor: not-allowed;
    }
    [part~='error'] {
      border: 1px solid var(--_danger);
      border-radius: var(--_radius-small);
      padding: calc(var(--_space) * 1.5);
      color: var(--_danger);
      display: grid;
      gap: var(--_space);
      justify-items: start;
    }
    [part~='field-error'] {
      color: var(--_danger);
      font-size: 0.875em;
    }
    [part~='empty'] {
      color: var(--_muted);
      text-align: center;
      padding: calc(var(--_space) * 3);
    }
    [part~='skeleton'] {
      display: block;
      border-radius: var(--_radius-small);
      background: linear-gradient(90deg, var(--_surface) 25%, var(--_border) 50%, var(--_surface) 75%);
      background-size: 200% 100%;
      animation: subkit-shimmer 1.4s ease-in-out infinite;
    }
    @media (prefers-reduced-motion: reduce) {
      [part~='skeleton'] {
        animation: none;
      }
    }
    @keyframes subkit-shimmer {
      from {
        background-position: 100% 0;
      }
      to {
        background-position: -100% 0;
      }
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  }
`;

/** The heading row and the widget's title (in `shared`; the plan picker, which needs nothing else of it, takes these alone). */
export const heading = css`
  @layer subkit.component {
    [part~='header'] {
      margin-block-end: calc(var(--_space) * 2);
    }
    [part~='title'] {
      margin: 0;
      font-size: 1.5em;
      line-height: 1.2;
    }
  }
`;
