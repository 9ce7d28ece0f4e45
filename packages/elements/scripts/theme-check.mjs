#!/usr/bin/env node
// Tells a designer whether a theme's colour tokens pass WCAG 2.2 AA contrast in the widgets: the default
// theme (src/styles/tokens.ts), light and dark, and every stylesheet named on the command line that sets
// `--subkit-color-*` (values may be `var(--brand-…)` of the same file; a `prefers-color-scheme: dark` block is
// the dark scheme). Prints each pair with its ratio; exits 1 when one fails.
// Usage: node scripts/theme-check.mjs [theme.css …]
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Which token is read on which, and the ratio it needs: text 4.5:1 (1.4.3), the focus ring 3:1 (1.4.11). */
export const PAIRS = [
  ['text', 'background', 4.5],
  ['text', 'surface', 4.5],
  ['muted', 'background', 4.5],
  ['muted', 'surface', 4.5],
  ['primary', 'background', 4.5],
  ['on-primary', 'primary', 4.5],
  ['accent', 'background', 4.5],
  ['danger', 'background', 4.5],
  ['warning', 'background', 4.5],
  ['focus', 'background', 3],
];

/** Relative luminance of a #rgb or #rrggbb colour (WCAG 2.2 definition). */
function luminance(hex) {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Custom property declarations of a CSS text, in order. */
const declarations = (text) => [...text.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]);

/** The text of the block that follows `at`'s opening brace. */
function blockAt(text, at) {
  const open = text.indexOf('{', at);
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return { start: open, end: i + 1 };
  }
  return { start: open, end: text.length };
}

/** A stylesheet's light and dark schemes: every custom property, the dark block's laid over the rest. */
function schemesOf(text) {
  const darkAt = text.search(/@media\s*\(prefers-color-scheme:\s*dark\)/);
  const dark = darkAt === -1 ? null : blockAt(text, darkAt);
  const light = new Map(declarations(dark ? text.slice(0, dark.start) + text.slice(dark.end) : text));
  return { light, dark: dark ? new Map([...light, ...declarations(text.slice(dark.start, dark.end))]) : null };
}

/** A token's colour in a scheme, following `var(--x, fallback)` within the same file. */
function colour(vars, value, depth = 0) {
  if (!value || depth > 8) return null;
  if (/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(value)) return value;
  const ref = /^var\((--[\w-]+)(?:\s*,\s*(.+))?\)$/.exec(value);
  if (!ref) return null;
  return colour(vars, vars.get(ref[1]), depth + 1) ?? colour(vars, ref[2]?.trim(), depth + 1);
}

/** The default theme's tokens (light and dark), from tokens.ts. */
function defaults() {
  const text = readFileSync(resolve(pkg, 'src/styles/tokens.ts'), 'utf8');
  const names = { bg: 'background' };
  // The dark scheme's defaults are the `dark` css block; the light ones are set on :host.
  const darkAt = text.indexOf('const dark = css`');
  const darkEnd = text.indexOf('`', darkAt + 'const dark = css`'.length) + 1;
  const scheme = (part) =>
    Object.fromEntries([...part.matchAll(/--_scheme-([\w-]+):\s*(#[0-9a-f]{3,6});/gi)].map(([, name, hex]) => [names[name] ?? name, hex]));
  const theme = { light: scheme(text.slice(0, darkAt) + text.slice(darkEnd)), dark: scheme(text.slice(darkAt, darkEnd)) };
  for (const which of ['light', 'dark']) {
    if (Object.keys(theme[which]).length < 10) throw new Error(`theme-check: could not read the ${which} scheme's ten colours from src/styles/tokens.ts`);
  }
  for (const which of ['light', 'dark']) theme[which].focus = theme[which].primary;
  return theme;
}

/** A theme stylesheet's tokens laid over the defaults, per scheme. */
function themeOf(file, base) {
  const { light, dark } = schemesOf(readFileSync(file, 'utf8'));
  const tokens = (vars, fallback) => {
    const out = { ...fallback };
    for (const [name, value] of vars) {
      const token = /^--subkit-color-([\w-]+)$/.exec(name)?.[1];
      const hex = token ? colour(vars, value) : null;
      if (token && hex) out[token] = hex;
    }
    if (![...vars.keys()].includes('--subkit-color-focus')) out.focus = out.primary;
    return out;
  };
  return { light: tokens(light, base.light), ...(dark ? { dark: tokens(dark, base.dark) } : {}) };
}

/** Each pair of a theme with its ratio, and whether it passes. */
export function checkTheme(theme) {
  return PAIRS.map(([fg, bg, needed]) => {
    const ratio = contrast(theme[fg], theme[bg]);
    return { fg, bg, needed, ratio, ok: ratio >= needed };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = defaults();
  const themes = [['default theme', base], ...process.argv.slice(2).map((file) => [relative(process.cwd(), file), themeOf(resolve(file), base)])];
  let failed = 0;
  for (const [name, theme] of themes) {
    for (const [scheme, tokens] of Object.entries(theme)) {
      console.log(`${name} (${scheme})`);
      for (const r of checkTheme(tokens)) {
        if (!r.ok) failed += 1;
        const line = `  ${`${r.fg} on ${r.bg}`.padEnd(26)} ${tokens[r.fg]} / ${tokens[r.bg]}  ${r.ratio.toFixed(2)}:1`;
        console.log(`${line.padEnd(62)} ${r.ok ? 'ok' : `FAILS (needs ${r.needed}:1)`}`);
      }
    }
  }
  console.log(failed ? `\ntheme check FAILED: ${failed} pair(s) below WCAG AA` : '\ntheme check ok');
  process.exit(failed ? 1 : 0);
}
