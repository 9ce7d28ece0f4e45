// The storefront's language switch: it sets the page's lang and dir, the widgets' locale (they ask the catalog
// in it, so plan names, units and features come in that language) and the storefront's own words (words.js:
// header, footer, headings, notices). The choice is kept for the next pages; the brand's name stays as it is.
import { translatePage } from './words.js';

const KEY = 'storefront.locale';

/** The languages the widgets speak, each named in itself. */
export const LANGUAGES = [
  ['en', 'English'],
  ['zh-CN', '中文（简体）'],
  ['ar', 'العربية'],
  ['hi', 'हिन्दी'],
  ['tr', 'Türkçe'],
];

const WIDGETS = 'subkit-plan-picker, subkit-checkout, subkit-subscription-manager, subkit-billing-history, subkit-approvals, subkit-quote, subkit-revenue-dashboard';

/** What stays in English on a page in another language: marked so, it is read as English and keeps its order right to left. */
const ENGLISH_COPY = '.brand-name';

/** The language chosen on this browser ('en' when none or an unknown one). */
export function currentLocale() {
  let saved = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    /* storage disabled: English */
  }
  return LANGUAGES.some(([tag]) => tag === saved) ? saved : 'en';
}

/** Shows the page in a language: lang and dir on the page, the widgets' locale, the storefront's words. */
export function applyLocale(locale) {
  const root = document.documentElement;
  root.lang = locale;
  root.dir = locale === 'ar' ? 'rtl' : 'ltr';
  translatePage(locale);
  for (const el of document.querySelectorAll(ENGLISH_COPY)) {
    if (locale === 'en') {
      el.removeAttribute('lang');
      el.removeAttribute('dir');
    } else {
      el.lang = 'en';
      el.dir = 'ltr';
    }
  }
  // An attribute, not a property: it reaches widgets whose code has not loaded yet as well.
  for (const widget of document.querySelectorAll(WIDGETS)) widget.setAttribute('locale', locale);
  // For what a script words itself (the buyers' roles in "Signed in as").
  document.dispatchEvent(new CustomEvent('storefront-locale', { detail: { locale } }));
}

/**
 * Applies a select's choice the way a keyboard user expects (WCAG 3.2.2): a mouse choice at once; arrow keys on
 * the closed select only move through the options, and Enter or leaving the select applies the one shown.
 */
export function applyOnCommit(select, apply) {
  let browsing = false;
  const commit = () => {
    browsing = false;
    apply(select.value);
  };
  select.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') commit();
    else if (event.key !== 'Tab' && event.key !== 'Escape') browsing = true;
  });
  select.addEventListener('change', () => {
    if (!browsing) commit();
  });
  select.addEventListener('blur', () => {
    if (browsing) commit();
  });
}

/** Puts the language switch into the header's first row, before "Signed in as" (the console has none: before the navigation). */
export function mountLanguageSwitch() {
  const header = document.querySelector('.site-header .wrap');
  if (!header || header.querySelector('.lang-switch')) return;
  const wrapper = document.createElement('div');
  wrapper.className = 'lang-switch';
  const label = document.createElement('label');
  label.htmlFor = 'lang-switch';
  const text = document.createElement('span');
  text.className = 'label-text';
  text.dataset.t = 'language';
  label.append(text);
  const select = document.createElement('select');
  select.id = 'lang-switch';
  for (const [tag, name] of LANGUAGES) {
    const option = new Option(name, tag, false, tag === currentLocale());
    option.lang = tag;
    select.append(option);
  }
  wrapper.append(label, select);
  header.insertBefore(wrapper, header.querySelector('.buyer-switch') ?? header.querySelector('.site-nav'));
  applyOnCommit(select, (locale) => {
    if (locale === document.documentElement.lang) return;
    try {
      localStorage.setItem(KEY, locale);
    } catch {
      /* the choice lasts for this page only */
    }
    applyLocale(locale);
  });
}
