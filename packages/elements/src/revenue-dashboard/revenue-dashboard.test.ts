import { expect, fixture, html } from '@open-wc/testing';
import '../define/revenue-dashboard.js';
import type { SubkitRevenueDashboard } from './revenue-dashboard.js';
import { freshKey, startWorker, worker } from '../../test/msw.js';
import { emptyMetrics, metrics, metricsHandlers, type MetricsServe } from '../../test/fixtures/metrics.js';
import { $, $$, text, until } from '../../test/helpers.js';
import { runWidgetContract } from '../../test/contract.js';

const api = location.origin;

function serve(options: MetricsServe = {}) {
  const server = metricsHandlers(options);
  worker.resetHandlers(...server.handlers);
  return server;
}

async function dashboard(attrs: { session?: string; locale?: string; currency?: string } = {}): Promise<SubkitRevenueDashboard> {
  return fixture<SubkitRevenueDashboard>(
    html`<subkit-revenue-dashboard api-base=${api} publishable-key=${freshKey()} session=${attrs.session ?? 'ms_test_admin'} locale=${attrs.locale ?? ''} currency=${attrs.currency ?? ''}></subkit-revenue-dashboard>`,
  );
}

const figuresShown = (el: Element) => $$(el, '[part~="figure-value"]').length > 0;

async function loaded(attrs: Parameters<typeof dashboard>[0] = {}): Promise<SubkitRevenueDashboard> {
  const el = await dashboard(attrs);
  await until(() => figuresShown(el), 'figures');
  await el.chartsReady;
  return el;
}

/** The movements chart as drawn: its canvas and pixels, the plot area and the canvas box (CSS px), device pixels per CSS px. */
async function movementsChart(attrs: { locale: string; style?: string; width?: string }) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="inline-size: ${attrs.width ?? 'auto'}"><subkit-revenue-dashboard style=${attrs.style ?? ''} api-base=${api} publishable-key=${freshKey()} session="ms_test_admin" locale=${attrs.locale} currency="EUR"></subkit-revenue-dashboard></div>`,
  );
  const el = wrapper.firstElementChild as SubkitRevenueDashboard;
  await until(() => figuresShown(el), 'figures');
  await el.chartsReady;
  const canvas = $(el, '#movements-canvas canvas') as HTMLCanvasElement;
  const g = canvas.getContext('2d')!;
  const box = canvas.getBoundingClientRect();
  return { el, canvas, g, box, over: $(el, '#movements-canvas .u-over').getBoundingClientRect(), ratio: canvas.width / box.width, pixels: g.getImageData(0, 0, canvas.width, canvas.height).data };
}

const figure = (el: Element, key: string) => text($(el, `[part~="figure-${key}"] [part~="figure-value"]`));
const rows = (el: Element, selector: string) => $$(el, `${selector} tbody tr`).map((tr) => [...tr.children].map((c) => text(c)));

describe('<subkit-revenue-dashboard>', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => worker.resetHandlers());

  runWidgetContract('subkit-revenue-dashboard', {
    serve(state) {
      const server = serve(state === 'empty' ? { metrics: emptyMetrics } : state === 'loading' ? { state: 'loading' } : state === 'error' ? { state: 'error-once' } : {});
      return () => server.requests.map((r) => ({ method: 'GET', path: r.path }));
    },
    loaded: figuresShown,
    loadingText: 'Loading revenue metrics…',
    emptyText: 'No recurring revenue yet.',
    error: { text: 'The revenue metrics could not be loaded.', source: 'revenue-dashboard:metrics', code: 'route_not_found' },
    signedOutText: 'Sign in to the admin to see revenue.',
    sessionPaths: ['/v1/metrics'],
    arabicTitle: 'الإيرادات',
    parts: ['header', 'controls', 'currency-select', 'as-of', 'refresh', 'figures', 'figure', 'figure-mrr', 'figure-value', 'chart', 'chart-canvas', 'chart-table', 'chart-key', 'cohorts', 'cohort-table', 'cohort-cell', 'webhooks', 'webhook-table', 'status'],
    theming: [
      { token: '--subkit-color-surface', value: 'rgb(200, 0, 0)', element: (el) => $(el, '[part~="figure-mrr"]'), property: 'backgroundColor', expected: 'rgb(200, 0, 0)' },
      { token: '--subkit-radius', value: '0px', element: (el) => $(el, '[part~="figure-mrr"]'), property: 'borderTopLeftRadius', expected: '0px' },
      { part: 'figure-value', value: 'color: rgb(1, 2, 3);', element: (el) => $(el, '[part~="figure-value"]'), property: 'color', expected: 'rgb(1, 2, 3)' },
    ],
    keyboard: ['[part~="currency-select"]', '[part~="refresh"]', '[part~="chart-table-toggle"]', '[part~="cohort-mode"]'],
  });

  describe('rendering the figures', () => {
    it('shows the reporting view by default: MRR, ARR, ARPA, counts and the rates it used, stated as the merchant’s', async () => {
      serve();
      const el = await loaded({ locale: 'en' });
      expect(($(el, '[part~="currency-select"]') as HTMLSelectElement).value).to.equal('reporting');
      expect(figure(el, 'mrr')).to.equal('€1,104.33');
      expect(figure(el, 'arr')).to.equal('€13,251.96');
      expect(figure(el, 'arpa')).to.equal('€157.76');
      expect(figure(el, 'activeCompanies')).to.equal('7');
      expect(text($(el, '[part~="figures"] [part~="note"]'))).to.equal('Converted at your rates: 1 USD = 0.92 EUR');
      expect(text($(el, '[part~="as-of"]'))).to.equal('As of Jun 30, 2027');
    });

    it('switches to one currency on its own', async () => {
      serve();
      const el = await loaded({ locale: 'en' });
      const select = $(el, '[part~="currency-select"]') as HTMLSelectElement;
      expect([...select.options].map((o) => o.text)).to.deep.equal(['All currencies in EUR', 'EUR', 'USD']);
      select.value = 'USD';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(el.currency).to.equal('USD');
      expect(figure(el, 'mrr')).to.equal('$300.00');
      expect($$(el, '[part~="figures"] [part~="note"]')).to.have.length(0);
    });

    it('states the rates of the last whole month, not of the running one', async () => {
      serve();
      const el = await loaded({ locale: 'en', currency: 'EUR' });
      expect(figure(el, 'nrr')).to.equal('124.3%');
      expect(text($(el, '[part~="figure-nrr"] [part~="figure-detail"]'))).to.equal('in May 2027');
      expect(figure(el, 'trialConversion')).to.equal('50%');
      expect(text($(el, '[part~="figure-trialConversion"] [part~="figure-detail"]'))).to.equal('1 of 2 trials');
    });

    it('draws both charts, each a labelled picture with its figures as a table', async () => {
      serve();
      const el = await loaded({ locale: 'en', currency: 'EUR' });
      for (const id of ['mrr', 'movements']) {
        const canvas = $(el, `#${id}-canvas`);
        expect(canvas.getAttribute('role')).to.equal('img');
        expect(canvas.querySelectorAll('canvas').length, `${id} chart`).to.be.greaterThan(0);
      }
      expect($(el, '#mrr-canvas').getAttribute('aria-label')).to.equal('MRR went from €370.00 at the end of Jan 2027 to €828.33 in Jun 2027 (so far).');
      expect(rows(el, '[part~="chart-mrr"]').at(2)).to.deep.equal(['Mar 2027', '€658.33']);
      expect(rows(el, '[part~="chart-movements"]').at(2)).to.deep.equal(['Mar 2027', '€0.00', '€175.00', '€0.00', '€0.00', '-€50.00', '€125.00']);
    });

    // A brand's primary (New) can be as red as Churned — the storefront's orange #b93a09 beside #b42318 looked like one series.
    it('tells New from Churned by more than colour: with both the same red, Churned is hatched, New solid, in the chart and in its key', async () => {
      serve();
      const { el, canvas, over, box, ratio, pixels } = await movementsChart({ locale: 'en', style: '--subkit-color-primary: #b42318; --subkit-color-danger: #b42318' });
      const red = (x: number, y: number) => {
        const i = (Math.round(y * ratio) * canvas.width + Math.round(x * ratio)) * 4;
        return Math.abs(pixels[i]! - 0xb4) + Math.abs(pixels[i + 1]! - 0x23) + Math.abs(pixels[i + 2]! - 0x18) < 60;
      };
      // The share of red among a month's bar pixels, from its first red pixel to its last (six months: Jan new only, Mar churned below zero).
      const redShare = (month: number) => {
        let first = -1;
        let last = -1;
        let count = 0;
        const samples: boolean[] = [];
        for (let dx = -3; dx <= 3; dx++) {
          const x = over.left - box.left + ((month + 0.5) / 6) * over.width + dx;
          for (let y = over.top - box.top; y < over.bottom - box.top; y++) samples.push(red(x, y));
        }
        const column = over.height;
        samples.forEach((isRed, i) => {
          if (!isRed) return;
          count++;
          const y = i % column;
          if (first === -1 || y < first) first = y;
          if (y > last) last = y;
        });
        return count / ((last - first + 1) * 7);
      };
      expect(redShare(0), 'New (January): solid').to.be.greaterThan(0.9);
      expect(redShare(2), 'Churned (March): hatched').to.be.lessThan(0.75);
      const swatch = (key: string) => getComputedStyle($(el, `.swatch-${key}`)).backgroundImage;
      expect(swatch('newMrr')).to.equal('none');
      expect(swatch('churned')).to.match(/repeating-linear-gradient.*repeating-linear-gradient/);
    });

    // Arabic month names ran into each other on the time axis ("أغسطسسبتمبر") in a 430 px chart.
    it('leaves months out of a narrow time axis rather than letting their names run into each other (Arabic)', async () => {
      serve();
      const { canvas, g, over, box, ratio, pixels } = await movementsChart({ locale: 'ar', width: '250px' });
      // Columns with ink in the labels' band (below the ticks), then the runs of inked columns.
      const top = Math.round((over.bottom - box.top + 12) * ratio);
      const inked = Array.from({ length: canvas.width }, (_, x) => {
        for (let y = top; y < canvas.height; y++) if (pixels[(y * canvas.width + x) * 4 + 3]! > 60) return true;
        return false;
      });
      const runs: number[] = [];
      let run = 0;
      for (const ink of [...inked, false]) {
        if (ink) run++;
        else if (run) (runs.push(run), (run = 0));
      }
      g.font = `${12 * ratio}px system-ui, sans-serif`;
      const names = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو'].map((m) => g.measureText(m).width);
      expect(runs.length, 'labels drawn').to.be.greaterThan(1);
      expect(Math.max(...runs), `no two names touch (runs ${runs.join(', ')}, widest name ${Math.max(...names).toFixed(0)})`).to.be.at.most(Math.max(...names) + 4 * ratio);
    });

    it('shows cohorts as a heatmap by companies, and by revenue', async () => {
      serve();
      const el = await loaded({ locale: 'en', currency: 'EUR' });
      expect(rows(el, '[part~="cohort-table"]')[0]).to.deep.equal(['Jan 2027', '3', '100%', '100%', '66.7%', '66.7%', '66.7%', '100%']);
      const byRevenue = $$(el, '[part~="cohort-mode"]')[1]!;
      byRevenue.click();
      await el.updateComplete;
      expect(byRevenue.getAttribute('aria-pressed')).to.equal('true');
      expect(rows(el, '[part~="cohort-table"]')[0]!.slice(2, 5)).to.deep.equal(['100%', '100%', '127%']);
      expect(rows(el, '[part~="cohort-table"]')[2]).to.deep.equal(['Apr 2027', '1', '100%', '200%', '200%', '', '', '']);
    });

    it('shows webhook health: a failing endpoint is flagged with the date', async () => {
      serve();
      const el = await loaded({ locale: 'en' });
      expect(rows(el, '[part~="webhook-table"]')).to.deep.equal([
        ['https://erp.northwind.example/subkit', 'Healthy', '0', 'Jun 30, 2027'],
        ['https://crm.northwind.example/hooks/billing', 'Failing since Jun 29, 2027', '3', 'Jun 29, 2027'],
      ]);
      expect($$(el, '[part~="status-warning"]')).to.have.length(1);
    });
  });

  describe('session and requests', () => {
    it('sends the merchant session, and reloads when asked', async () => {
      const server = serve();
      const el = await loaded();
      expect(server.requests.map((r) => r.authorization)).to.deep.equal(['Bearer ms_test_admin']);
      $(el, '[part~="refresh"]').click();
      await until(() => server.requests.length === 2, 'reload');
    });

    it('says what a session without the scope may not do, in the widget’s words', async () => {
      serve({ state: 'forbidden' });
      const el = await dashboard();
      await until(() => $$(el, '[part~="error"]').length > 0, 'error');
      expect(text($(el, '[part~="error"] p'))).to.equal('The revenue metrics could not be loaded. This admin session may not read the revenue metrics.');
    });

    it('asks for the months given', async () => {
      const server = serve();
      const el = await fixture<SubkitRevenueDashboard>(html`<subkit-revenue-dashboard api-base=${api} publishable-key=${freshKey()} session="ms_test_admin" .months=${6}></subkit-revenue-dashboard>`);
      await until(() => figuresShown(el), 'figures');
      expect(server.requests[0]!.months).to.equal('6');
    });
  });

  describe('localization', () => {
    for (const [locale, title, mrrLabel] of [
      ['zh-CN', '收入', 'MRR'],
      ['hi', 'राजस्व', 'MRR'],
      ['tr', 'Gelir', 'MRR'],
    ] as const) {
      it(`renders ${locale}`, async () => {
        serve();
        const el = await loaded({ locale });
        await until(() => text($(el, '[part~="title"]')) === title, `${locale} strings`);
        expect(text($(el, '[part~="figure-mrr"] [part~="figure-label"]'))).to.equal(mrrLabel);
        expect(figure(el, 'mrr')).to.not.equal('');
      });
    }

    it('mirrors the charts’ time axis in Arabic', async () => {
      serve();
      const el = await loaded({ locale: 'ar', currency: 'EUR' });
      await until(() => text($(el, '[part~="title"]')) === 'الإيرادات', 'Arabic');
      await el.chartsReady;
      expect($(el, '[part~="base"]').getAttribute('dir')).to.equal('rtl');
      expect($(el, '#mrr-canvas').querySelectorAll('canvas').length).to.be.greaterThan(0);
    });
  });

  it('passes axe in the dark theme and in Arabic', async () => {
    serve();
    const dark = await loaded({ locale: 'en' });
    dark.theme = 'dark';
    await dark.updateComplete;
    await expect(dark).to.be.accessible();
    const arabic = await loaded({ locale: 'ar' });
    await until(() => text($(arabic, '[part~="title"]')) === 'الإيرادات', 'Arabic');
    await expect(arabic).to.be.accessible();
  });

  void metrics;
});
