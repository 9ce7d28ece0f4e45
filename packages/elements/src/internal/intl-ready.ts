/**
 * Makes a date and a number formatter when the page is next idle: a page's first formatter of each kind lists every
 * locale Intl has (10–30 ms of the main thread, once per page, whatever the locale). The loader asks for it while a
 * widget's code downloads, so a widget's first amounts and dates do not wait for that list. For the billing history
 * (`history`), also what its first frame and rows meet for the first time on a page: a date range (the period
 * column), plural rules (the footer) and a date input (its filters: Chromium's first one costs ~12 ms of style).
 */
export const prepareIntl = (history?: boolean): void =>
  void (self.requestIdleCallback ?? setTimeout)(() => {
    const dates = Intl.DateTimeFormat();
    Intl.NumberFormat();
    if (!history) return;
    dates.formatRange(0, 1);
    new Intl.PluralRules();
    const input = document.body.appendChild(document.createElement('input'));
    input.type = 'date';
    void input.offsetWidth;
    input.remove();
  });
