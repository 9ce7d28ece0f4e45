// The storefront's language switch: it sets the page's lang and dir, the widgets' locale (they ask the catalog
// in it, so plan names, units and features come in that language) and the words of the storefront's own header.
// The choice is kept for the next pages. The rest of the storefront's copy is the merchant's, in English (marked so).

const KEY = 'storefront.locale';

/** The languages the widgets speak, each named in itself. */
export const LANGUAGES = [
  ['en', 'English'],
  ['zh-CN', '中文（简体）'],
  ['ar', 'العربية'],
  ['hi', 'हिन्दी'],
  ['tr', 'Türkçe'],
];

const WIDGETS = 'subkit-plan-picker, subkit-checkout, subkit-subscription-manager, subkit-billing-history, subkit-approvals, subkit-quote';

/** The storefront's own copy that stays English: marked so, it keeps its order (and its full stops) on a right-to-left page. */
const ENGLISH_COPY = '.brand, .page-head, .hero, .section-head, .product-tabs, .features, .help-row, .notice > span, [slot="heading"], .site-footer, #buyer-switch';

/** The storefront header's own words, by where they sit on every page. */
const WORDS = {
  '.skip-link': { en: 'Skip to content', 'zh-CN': '跳到主要内容', ar: 'انتقل إلى المحتوى', hi: 'सामग्री पर जाएँ', tr: 'İçeriğe geç' },
  '.site-nav a[href="/"]': { en: 'Pricing', 'zh-CN': '价格', ar: 'الأسعار', hi: 'कीमतें', tr: 'Fiyatlar' },
  '.site-nav a[href="/checkout.html"]': { en: 'Checkout', 'zh-CN': '结账', ar: 'الدفع', hi: 'चेकआउट', tr: 'Ödeme' },
  '.site-nav a[href="/account.html"]': { en: 'Account', 'zh-CN': '账户', ar: 'الحساب', hi: 'खाता', tr: 'Hesap' },
  '.site-nav a[href="/quotes.html"]': { en: 'Quotes', 'zh-CN': '报价', ar: 'عروض الأسعار', hi: 'कोटेशन', tr: 'Teklifler' },
  '.site-nav a[href="/console.html"]': { en: 'Console', 'zh-CN': '控制台', ar: 'لوحة التحكم', hi: 'कंसोल', tr: 'Konsol' },
  '.buyer-switch .label-text': { en: 'Signed in as', 'zh-CN': '登录身份', ar: 'مسجّل الدخول باسم', hi: 'इस रूप में साइन इन', tr: 'Oturum açan' },
  '.lang-switch .label-text': { en: 'Language', 'zh-CN': '语言', ar: 'اللغة', hi: 'भाषा', tr: 'Dil' },
  '#bought-notice .button': { en: 'Go to your account', 'zh-CN': '前往您的账户', ar: 'انتقل إلى حسابك', hi: 'अपने खाते पर जाएँ', tr: 'Hesabınıza gidin' },
  '#requested-notice .button': { en: 'See your approvals', 'zh-CN': '查看您的审批', ar: 'اعرض موافقاتك', hi: 'अपनी स्वीकृतियाँ देखें', tr: 'Onaylarınızı görün' },
};

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

/** Shows the page in a language: lang and dir on the page, the widgets' locale, the header's words. */
export function applyLocale(locale) {
  const root = document.documentElement;
  root.lang = locale;
  root.dir = locale === 'ar' ? 'rtl' : 'ltr';
  for (const [selector, words] of Object.entries(WORDS)) {
    for (const el of document.querySelectorAll(selector)) el.textContent = words[locale] ?? words.en;
  }
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

/** Puts the language switch into the header, before "Signed in as". */
export function mountLanguageSwitch() {
  const header = document.querySelector('.site-header .wrap');
  if (!header || header.querySelector('.lang-switch')) return;
  const wrapper = document.createElement('div');
  wrapper.className = 'lang-switch';
  const label = document.createElement('label');
  label.htmlFor = 'lang-switch';
  const text = document.createElement('span');
  text.className = 'label-text';
  label.append(text);
  const select = document.createElement('select');
  select.id = 'lang-switch';
  for (const [tag, name] of LANGUAGES) {
    const option = new Option(name, tag, false, tag === currentLocale());
    option.lang = tag;
    select.append(option);
  }
  wrapper.append(label, select);
  header.insertBefore(wrapper, header.querySelector('.buyer-switch'));
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
