// The storefront's own words in the page's language: `t` for a script, and `translatePage` for every element
// marked `data-t="key"` (its text; `data-t-args` fills `{name}`; the children marked `data-t-slot` — a
// sentence's links — go where `{0}`, `{1}` stand) and `data-t-label="key"` (its aria-label).
import { CHROME_WORDS } from './words-chrome.js';
import { CLOCK_WORDS } from './words-clock.js';
import { PAGE_WORDS } from './words-pages.js';

const WORDS = { ...CHROME_WORDS, ...PAGE_WORDS, ...CLOCK_WORDS };

/** The word `key` in `locale` (English where a language lacks it), `{name}` filled from `values`. */
export function t(key, locale, values = {}) {
  const word = WORDS[key];
  const text = word?.[locale] ?? word?.en ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** Puts the marked elements under `root` into `locale`. */
export function translatePage(locale, root = document) {
  for (const el of root.querySelectorAll('[data-t]')) {
    const text = t(el.dataset.t, locale, el.dataset.tArgs ? JSON.parse(el.dataset.tArgs) : {});
    const slots = [...el.children].filter((child) => child.hasAttribute('data-t-slot'));
    if (slots.length === 0) el.textContent = text;
    else el.replaceChildren(...text.split(/\{(\d)\}/).map((part, i) => (i % 2 ? slots[Number(part)] : part)));
  }
  for (const el of root.querySelectorAll('[data-t-label]')) el.setAttribute('aria-label', t(el.dataset.tLabel, locale));
}
