/**
 * Makes a date and a number formatter when the page is next idle: a page's first formatter of each kind lists every
 * locale Intl has (10–30 ms of the main thread, once per page, whatever the locale). The loader asks for it while a
 * widget's code downloads, so a widget's first amounts and dates do not wait for that list.
 */
export const prepareIntl = (): void => void (self.requestIdleCallback ?? setTimeout)(() => Intl.DateTimeFormat() && Intl.NumberFormat());
