#!/usr/bin/env node
// Benchmark (not a test): how long <subkit-billing-history> takes to show its first rows from a company
// with 10,000 invoices, and how long scrolling to the last one takes. The widget is bundled as
// dist/subkit.js is (scripts/build-entry.mjs); an in-page fetch answers the API (cursor-paged, 100 a page)
// so the figures are the widget's and the client's work, not a network's. Budget (DESIGN.md §8): first
// rows ≤ 50 ms. Beside the wall-clock figures it prints the page's main-thread CPU time for the same span
// (the thread time of the main thread's tasks in a Chromium trace, from the mount to the painted mark — work
// the page does after the paint is not counted): on a machine shared with other work the wall clock also
// counts the time the page waited for a core, the CPU time does not. PROFILE=1 adds the functions that took the most of the
// first widget's CPU time (V8's sampling profiler, summed over the runs); TRACE=1 records a Chromium performance
// trace of the first run and prints what ran on the page's main thread from the mount to the painted rows, each
// task with its wall and CPU time and what ran inside it (both with the bundle unminified, so functions keep their names). Usage: pnpm --filter @subkit/elements bench  [RUNS=15] [CHROMIUM_PATH=/usr/bin/chromium]
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntry } from './build-entry.mjs';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../test/chromium.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = (p) => JSON.stringify(resolve(pkg, p));
const RUNS = Number(process.env.RUNS ?? 15);
const COUNT = 10_000;

// The widget's code and the fake API's data are two modules: the page loads the data first, and the widget's
// code when it mounts the first widget (as the loader fetches it when the tag appears), so the code's fetch,
// compile and evaluation are timed too.
const entry = `
  import { SubkitBillingHistory } from ${src('src/billing-history/billing-history.ts')};
  if (!customElements.get('subkit-billing-history')) customElements.define('subkit-billing-history', SubkitBillingHistory);
`;
const dataEntry = `
  import { generateInvoices } from ${src('test/fixtures/invoices.ts')};
  import { sessionFor } from ${src('test/fixtures/buyer.ts')};
  import { prepareIntl } from ${src('src/internal/intl-ready.ts')};
  window.__bench = { generateInvoices, sessionFor, prepareIntl };
`;

const readable = Boolean(process.env.PROFILE || process.env.TRACE);
const bundle = (await buildEntry(entry, { oneChunk: true, minify: !readable })).find((o) => o.isEntry).code;
const data = (await buildEntry(dataEntry, { oneChunk: true })).find((o) => o.isEntry).code;

const origin = 'http://bench.subkit.test';
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>body { margin: 0; padding: 24px; font-family: system-ui, sans-serif; }</style>
<script type="module">
  import ${JSON.stringify(`${origin}/data.js`)};
  const { generateInvoices, sessionFor, prepareIntl } = window.__bench;
  // What the list endpoint answers: summaries without lines, newest first.
  const summaries = generateInvoices(${COUNT}).map(({ lines, paymentAttempts, taxLines, ...summary }) => summary);
  const session = sessionFor('purchaser');
  // The answers' bytes are made before any widget mounts: a real API's JSON reaches the page as bytes, with no
  // serializing on the page's main thread (100 summaries take ~4 ms to stringify, which the figures counted).
  const pages = new Map();
  const page = (start, limit) => {
    const key = start + '/' + limit;
    if (!pages.has(key)) {
      const hasMore = start + limit < summaries.length;
      pages.set(key, JSON.stringify({ object: 'list', data: summaries.slice(start, start + limit), hasMore, nextCursor: hasMore ? String(start + limit) : null }));
    }
    return pages.get(key);
  };
  page(0, 100);
  const sessionBody = JSON.stringify(session);
  const answer = (body) => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  window.fetch = async (input) => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    if (url.pathname === '/v1/session') return answer(sessionBody);
    if (url.pathname === '/v1/invoices') {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const cursor = url.searchParams.get('cursor');
      return answer(page(cursor ? Number(cursor) : 0, limit));
    }
    return new Response('{}', { status: 404 });
  };
  let runs = 0;
  /**
   * Fetches, compiles and evaluates the widget's code (the page's first widget waits for it), with what the loader
   * does while it downloads for a billing history (Intl's locale lists, a date range, plural rules and a date input, made
   * when idle); resolves to the ms it took.
   */
  window.loadWidget = async () => {
    const start = performance.now();
    performance.mark('subkit-import');
    prepareIntl(true);
    await import(${JSON.stringify(`${origin}/bench.js`)});
    return performance.now() - start;
  };
  /** Mounts a fresh widget (its own client and stores) and times its first rows. */
  window.firstRows = () => new Promise((done) => {
    const el = document.createElement('subkit-billing-history');
    el.setAttribute('api-base', location.origin);
    el.setAttribute('publishable-key', 'pk_test_bench_' + ++runs);
    el.setAttribute('session', 'tok_bench');
    el.setAttribute('locale', 'en');
    document.querySelector('#app').replaceChildren();
    const start = performance.now();
    performance.mark('subkit-mount');
    document.querySelector('#app').append(el);
    const observer = new MutationObserver(() => {
      if (!el.shadowRoot.querySelector('tr[data-index="0"]')) return;
      observer.disconnect();
      const rows = performance.now() - start;
      performance.mark('subkit-rows');
      // The frame after the rows are in the DOM: layout and paint included.
      requestAnimationFrame(() => {
        const rendered = el.shadowRoot.querySelectorAll('tr[data-index]').length;
        setTimeout(() => performance.mark('subkit-painted') && done({ rows, painted: performance.now() - start, rendered }), 0);
      });
    });
    observer.observe(el.shadowRoot, { childList: true, subtree: true });
  });
  /** Scrolls the mounted widget to the bottom until the last invoice's row is on screen. */
  window.scrollToLast = () => new Promise((done) => {
    const el = document.querySelector('subkit-billing-history');
    const scroller = el.shadowRoot.querySelector('[part~="table-scroll"]');
    const start = performance.now();
    const step = () => {
      const last = el.shadowRoot.querySelector('tr[data-index="${COUNT - 1}"]');
      if (last && last.getBoundingClientRect().bottom <= scroller.getBoundingClientRect().bottom + 1) {
        done({ ms: performance.now() - start, rendered: el.shadowRoot.querySelectorAll('tr[data-index]').length });
        return;
      }
      scroller.scrollTop = scroller.scrollHeight;
      requestAnimationFrame(step);
    };
    step();
  });
  /** With everything loaded: from the top to the last row in one jump. */
  window.jumpToLast = () => new Promise((done) => {
    const el = document.querySelector('subkit-billing-history');
    const scroller = el.shadowRoot.querySelector('[part~="table-scroll"]');
    scroller.scrollTop = 0;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const start = performance.now();
      scroller.scrollTop = scroller.scrollHeight;
      const step = () => {
        if (el.shadowRoot.querySelector('tr[data-index="${COUNT - 1}"]')) {
          requestAnimationFrame(() => done({ ms: performance.now() - start }));
          return;
        }
        requestAnimationFrame(step);
      };
      step();
    }));
  });
  window.ready = true;
</script></head><body><main id="app"></main></body></html>`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

/** Self time by function (and where it is) over the profiles of the first widgets, in ms. */
const selfTime = new Map();
function addProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`.trim();
    selfTime.set(key, (selfTime.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
}

const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.compile'];
/** What every cold run records: enough for the CPU figures, the loading frame's style, layout and paint included. */
const RUN_CATEGORIES = ['toplevel', 'devtools.timeline', 'blink.user_timing'];
/** The scheduler's and the frame's wrappers around the work itself: a task's summary names what is inside them. */
const WRAPPERS = /^(ThreadControllerImpl::RunTask|BlinkScheduler_PerformMicrotaskCheckpoint|RunMicrotasks|TimerBase::run|ScheduledAction::Execute|HTMLDocumentParser.*|PageAnimator::serviceScriptedAnimations|ProxyMain::BeginMainFrame|WebFrameWidgetImpl::BeginMainFrame|LocalFrameView::.*)$/;
/** The rendering steps of a frame. */
const RENDERING = /^(UpdateLayoutTree|Layout|PrePaint|Paint|Layerize)$/;

/**
 * What the page's main thread did from the mount to the painted rows, from a Chromium trace: the tasks in
 * order (each with the time it started after the mount, its length, and what took most of it), then the
 * time by kind of work summed over the span (script, style, layout, paint, parsing, idle).
 */
function traceSummary({ traceEvents: events }) {
  const mark = (name) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
  const [mount, rows, painted] = ['subkit-mount', 'subkit-rows', 'subkit-painted'].map(mark);
  const { pid, tid } = mount;
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts + e.dur >= mount.ts && e.ts <= painted.ts);
  const ms = (us) => `${(us / 1000).toFixed(1)} ms`;
  console.log(`trace of the first run: rows in the DOM ${ms(rows.ts - mount.ts)}, painted ${ms(painted.ts - mount.ts)} after the mount`);
  const tasks = main.filter((e) => e.name === 'RunTask' && e.dur >= 500);
  const kinds = new Map();
  let end = mount.ts;
  for (const task of tasks) {
    // The main thread ran nothing here: waiting for a frame (vsync), a timer, a fetch or a chunk.
    if (task.ts - end >= 1000) console.log(`  +${ms(end - mount.ts).padStart(9)}  ${ms(task.ts - end).padStart(9)} idle`);
    end = Math.max(end, task.ts + task.dur);
    const inside = main.filter((e) => e !== task && !WRAPPERS.test(e.name) && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur);
    const top = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
    const detail = top
      .sort((a, b) => b.dur - a.dur)
      .slice(0, 4)
      .map((e) => `${e.name}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : e.args?.data?.url ? ` ${e.args.data.url.split('/').pop()}` : ''} ${ms(e.dur)} (CPU ${ms(e.tdur ?? 0)})`);
    console.log(`  +${ms(task.ts - mount.ts).padStart(9)}  ${ms(task.dur).padStart(9)} (CPU ${ms(task.tdur ?? 0)})  ${detail.join(', ')}`);
    for (const e of top) kinds.set(e.name, (kinds.get(e.name) ?? 0) + e.dur);
  }
  // Functions compiled on first call (V8 compiles lazily): nested in the tasks above.
  const compile = main.filter((e) => /^V8\.(Compile|ParseFunction)/.test(e.name) && e.ts >= mount.ts && e.ts <= rows.ts);
  const byName = new Map();
  for (const e of compile) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
  console.log(`  of which V8 compiling functions on first call: ${[...byName].map(([k, us]) => `${k} ${ms(us)}`).join(', ') || 'none'}`);
  console.log(`  by kind: ${[...kinds].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, us]) => `${k} ${ms(us)}`).join(', ')}`);
}

/**
 * The main thread's CPU time (ms) spent on style, layout and paint between the mount and the rows in the DOM:
 * the loading frame (the filters and the skeleton table), the first style and layout of the widget's shadow tree.
 */
function loadingFrameCpu({ traceEvents: events }) {
  const mark = (name) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
  const [mount, rows] = [mark('subkit-mount'), mark('subkit-rows')];
  const steps = events.filter((e) => e.ph === 'X' && e.pid === mount.pid && e.tid === mount.tid && RENDERING.test(e.name) && e.ts >= mount.ts && e.ts <= rows.ts);
  return steps.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
}

/**
 * The main thread between the last `subkit-mount` mark and the `subkit-painted` mark after it, from a trace (ms):
 * `cpu` the thread time of its tasks, `busy` their wall time, `span` the whole stretch. `busy - cpu` is the time its
 * tasks waited for a core (the machine's load), `span - busy` the time it ran nothing (waiting on a timer, a fetch,
 * a chunk: a waterfall shows there).
 */
function mainThread({ traceEvents: events }) {
  const marks = events.filter((e) => e.cat.includes('blink.user_timing'));
  const mount = marks.findLast((e) => e.name === 'subkit-mount');
  const painted = marks.find((e) => e.name === 'subkit-painted' && e.ts >= mount.ts);
  const tasks = events.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && e.pid === mount.pid && e.tid === mount.tid);
  let cpu = 0;
  let busy = 0;
  for (const task of tasks) {
    const overlap = Math.min(task.ts + task.dur, painted.ts) - Math.max(task.ts, mount.ts);
    if (overlap > 0 && task.dur > 0) {
      cpu += ((task.tdur ?? task.dur) * overlap) / task.dur;
      busy += overlap;
    }
  }
  return { cpu: cpu / 1000, busy: busy / 1000, span: (painted.ts - mount.ts) / 1000 };
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: chromiumArgs,
});
try {
  const cold = [];
  const warm = [];
  const coldRows = [];
  const warmRows = [];
  const coldCpu = [];
  const coldWaits = [];
  const coldIdle = [];
  const loadingFrame = [];
  const loads = [];
  const loadCpu = [];
  const warmCpu = [];
  const scrolls = [];
  const jumps = [];
  let rendered = 0;
  let renderedAtEnd = 0;
  for (let run = 0; run < RUNS; run++) {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    tab.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await tab.route(`${origin}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/bench.js') return route.fulfill({ contentType: 'text/javascript', body: bundle });
      if (path === '/data.js') return route.fulfill({ contentType: 'text/javascript', body: data });
      return route.fulfill({ contentType: 'text/html', body: page });
    });
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => window.ready === true);
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send('Performance.enable');
    /** The page's main-thread CPU time so far, in ms. */
    const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
    // Cold: the page's first widget (code just parsed, nothing cached). Warm: a second widget on the same page.
    let before = await cpu();
    loads.push(await tab.evaluate(() => window.loadWidget()));
    loadCpu.push((await cpu()) - before);
    if (process.env.PROFILE) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.setSamplingInterval', { interval: 100 })).then(() => cdp.send('Profiler.start'));
    await browser.startTracing(tab, { categories: process.env.TRACE && run === 0 ? TRACE_CATEGORIES : RUN_CATEGORIES });
    const first = await tab.evaluate(() => window.firstRows());
    const trace = JSON.parse(await browser.stopTracing());
    if (process.env.TRACE && run === 0) traceSummary(trace);
    if (process.env.TRACE_OUT && run === 0) (await import('node:fs')).writeFileSync(process.env.TRACE_OUT, JSON.stringify(trace));
    const thread = mainThread(trace);
    coldCpu.push(thread.cpu);
    coldWaits.push(thread.busy - thread.cpu);
    coldIdle.push(thread.span - thread.busy);
    loadingFrame.push(loadingFrameCpu(trace));
    if (process.env.PROFILE) addProfile((await cdp.send('Profiler.stop')).profile);
    cold.push(first.painted);
    coldRows.push(first.rows);
    rendered = first.rendered;
    await browser.startTracing(tab, { categories: ['toplevel', 'blink.user_timing'] });
    const second = await tab.evaluate(() => window.firstRows());
    warmCpu.push(mainThread(JSON.parse(await browser.stopTracing())).cpu);
    warm.push(second.painted);
    warmRows.push(second.rows);
    if (run < 5 && process.env.SCROLL !== '0') {
      const scroll = await tab.evaluate(() => window.scrollToLast());
      scrolls.push(scroll.ms);
      renderedAtEnd = scroll.rendered;
      jumps.push((await tab.evaluate(() => window.jumpToLast())).ms);
    }
    await tab.close();
  }
  const cold50 = median(cold);
  console.log(`<subkit-billing-history> with ${COUNT.toLocaleString('en')} invoices (Chromium ${browser.version()}, ${RUNS} runs, medians)`);
  console.log(`  first rows painted, first widget on a cold page: ${fmt(cold50)}  (min ${fmt(Math.min(...cold))}, max ${fmt(Math.max(...cold))}) — budget 50 ms ${cold50 <= 50 ? 'met' : 'not met'}`);
  console.log(`    of which the main thread worked (CPU) ${fmt(median(coldCpu))} (min ${fmt(Math.min(...coldCpu))}), waited for a core ${fmt(median(coldWaits))}, ran nothing ${fmt(median(coldIdle))}`);
  console.log(`  before it, the widget's code fetched, compiled and evaluated: ${fmt(median(loads))} (main-thread CPU ${fmt(median(loadCpu))}); both together ${fmt(median(loads.map((ms, i) => ms + cold[i])))}`);
  console.log(`  first rows painted, another widget (warm code): ${fmt(median(warm))}  (min ${fmt(Math.min(...warm))}, max ${fmt(Math.max(...warm))}); main-thread CPU ${fmt(median(warmCpu))} (min ${fmt(Math.min(...warmCpu))})`);
  console.log(`  the loading frame's style, layout and paint (filters and skeleton, before the rows): ${fmt(median(loadingFrame))} CPU (min ${fmt(Math.min(...loadingFrame))})`);
  console.log(`  first rows in the DOM (before layout and paint): ${fmt(median(coldRows))} first widget, ${fmt(median(warmRows))} another widget`);
  console.log(`  rows in the DOM at first paint: ${rendered} of the first page's 100`);
  if (scrolls.length) {
    console.log(`  scrolling to the last invoice (100 pages fetched, parsed and appended): ${fmt(median(scrolls))}  (${scrolls.length} runs)`);
    console.log(`  jump from the top to the last row with all 10,000 loaded: ${fmt(median(jumps))}; rows in the DOM there: ${renderedAtEnd}`);
  }
  if (process.env.PROFILE) {
    console.log(`  most self time in the first widget (sampled, mean of ${RUNS} runs):`);
    for (const [key, ms] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${fmt(ms / RUNS).padStart(9)}  ${key}`);
  }
  // The budget's figure last, as the size script ends with its verdict: wall clock, so the machine's load is beside it.
  console.log(`\nbudget (DESIGN.md §8): first rows painted ≤ 50 ms, first widget on a cold page: ${fmt(cold50)} — ${cold50 <= 50 ? 'budget met' : 'budget not met'} (main-thread CPU ${fmt(median(coldCpu))}; wall clock, load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores)`);
} finally {
  await browser.close();
}
