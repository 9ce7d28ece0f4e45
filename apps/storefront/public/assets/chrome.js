// The storefront's chrome, one definition for every page: the skip link, the test-mode ribbon, the header
// (brand, main navigation, and on the shop's pages the "Signed in as" switch) and the footer. A page holds its
// <main id="main"> only; `<body data-chrome="console">` gives the merchant console its own tagline, no buyer
// switch and a short footer. Words carry `data-t` keys: language.js puts them in the chosen language.
import { t } from './words.js';

/** The main navigation: where, and its word. */
const NAV = [
  ['/', 'navPricing'],
  ['/checkout.html', 'navCheckout'],
  ['/account.html', 'navAccount'],
  ['/quotes.html', 'navQuotes'],
  ['/console.html', 'navConsole'],
];

/** The footer's link lists: heading word, then [href, word] per link. */
const FOOTER = [
  ['footerShop', [['/', 'footerPlans'], ['/checkout.html', 'navCheckout'], ['/account.html', 'footerAccount']]],
  ['footerCompany', [['mailto:sales@example.com', 'footerSales'], ['mailto:ap@example.com', 'footerPayable']]],
  ['footerDevelopers', [['/openapi.json', 'footerApi'], ['/healthz', 'footerStatus']]],
];

/** An element with attributes and children. */
function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

/** An element showing the word `key` (English until language.js applies the page's language). */
const word = (tag, key, attrs = {}) => h(tag, { ...attrs, 'data-t': key }, [t(key, 'en')]);

function brand(tagline) {
  return h('a', { class: 'brand', href: '/' }, [
    h('img', { class: 'brand-mark', src: '/assets/logo.svg', alt: '' }),
    h('span', {}, [h('span', { class: 'brand-name' }, ['Northwind Industrial Supply']), ...(tagline ? [word('small', tagline)] : [])]),
  ]);
}

function buyerSwitch() {
  return h('div', { class: 'buyer-switch' }, [
    h('span', { class: 'buyer-avatar', 'data-signed-out': '', 'aria-hidden': 'true' }, ['—']),
    h('label', { for: 'buyer-switch' }, [word('span', 'signedInAs', { class: 'label-text' }), word('span', 'demoLogin', { class: 'visually-hidden' })]),
    h('select', { id: 'buyer-switch', disabled: '' }, [word('option', 'loading')]),
  ]);
}

function header(merchant) {
  const links = NAV.map(([href, key]) => h('li', {}, [word('a', key, { href })]));
  const nav = h('nav', { class: 'site-nav', 'data-t-label': 'navMain', 'aria-label': t('navMain', 'en') }, [h('ul', {}, links)]);
  // In the order they are seen: the brand's row (language.js puts the language before "Signed in as"), then the navigation.
  return h('header', { class: 'site-header' }, [h('div', { class: 'wrap' }, [brand(merchant ? 'taglineConsole' : 'tagline'), ...(merchant ? [] : [buyerSwitch()]), nav])]);
}

function footer(merchant) {
  const legal = word('p', 'legal', { class: 'legal' });
  if (merchant) return h('footer', { class: 'site-footer' }, [h('div', { class: 'wrap' }, [legal])]);
  const lists = FOOTER.map(([heading, links]) =>
    h('nav', { 'aria-labelledby': `footer-${heading}` }, [
      word('h2', heading, { id: `footer-${heading}` }),
      h('ul', {}, links.map(([href, key]) => h('li', {}, [word('a', key, { href })]))),
    ]),
  );
  return h('footer', { class: 'site-footer' }, [h('div', { class: 'wrap' }, [h('div', {}, [brand(null), word('p', 'footerBlurb', { class: 'footer-blurb' })]), ...lists, legal])]);
}

/** Draws the chrome around the page's <main> (once), and marks the navigation's link to this page. */
export function renderChrome() {
  const body = document.body;
  if (body.querySelector(':scope > .site-header')) return;
  const merchant = body.dataset.chrome === 'console';
  body.prepend(word('a', 'skip', { class: 'skip-link', href: '#main' }), h('div', { class: 'test-banner', 'aria-hidden': 'true' }), header(merchant));
  body.append(footer(merchant));
  // The server answers /account as /account.html: either address marks the same link.
  const page = (path) => path.replace(/\/index(\.html)?$/, '/').replace(/\.html$/, '');
  const here = page(location.pathname);
  for (const link of body.querySelectorAll('.site-nav a')) {
    if (page(new URL(link.href).pathname) === here) link.setAttribute('aria-current', 'page');
  }
}
