// Builds Storybook and opens every story in Chromium, in English and in Arabic: each story declares the
// state it shows (`parameters.state`: data, empty, error, loading, or a viewer's view) and each widget on it
// must reach that state — a story that shows an error panel where it promised data fails — with no axe
// violation (WCAG 2.2 A/AA, colour contrast included), no error of Storybook's own and no script error.
// Screenshots land in stories/screenshots/ (not committed) for designers and reviewers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/chromium.mjs';
import type { DeclaredState, StoryState } from './support.js';

const here = import.meta.dirname;
const out = join(here, 'storybook-static');
const shots = join(here, 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

/** What shows a widget's data (beyond "not loading, no error, not empty"). */
const DATA: Record<string, string> = {
  'subkit-plan-picker': '[part~="plan-name"]',
  'subkit-checkout': '[part~="summary-total"]',
  'subkit-subscription-manager': 'li[part~="subscription"]',
  'subkit-billing-history': 'tr[part~="row"][data-index]',
  'subkit-revenue-dashboard': '[part~="figure-mrr"]',
  // The requests, or a billing admin's audit log or purchasing policy tab (stories open them).
  'subkit-approvals': 'li[part~="request"], tr[part~="audit-row"], [data-policy-form] input[name="allowedPlanIds"]',
  'subkit-quote': 'li[part~="quote"]',
};

interface StoryEntry {
  id: string;
  type: string;
  title: string;
  name: string;
}

let server: Server;
let base: string;
let browser: Browser;

before(async () => {
  // Storybook's test build (--test): no docs pages, docgen or sourcemaps, which this test never looks at.
  execFileSync('pnpm', ['run', 'build:test'], { cwd: here, stdio: 'inherit' });
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(out, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(out) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** True in the page once every widget of the story shows its declared state (and, in Arabic, speaks it). */
function reached({ declared, data, arabic }: { declared: DeclaredState; data: Record<string, string>; arabic: boolean }): boolean {
  const widgets = [...document.querySelectorAll('#storybook-root *')].filter((el) => el.tagName.startsWith('SUBKIT-') && el.tagName !== 'SUBKIT-PROVIDER');
  if (widgets.length === 0) return false;
  return widgets.every((el) => {
    const tag = el.localName;
    const state = typeof declared === 'string' ? declared : declared[tag as keyof typeof declared];
    const root = el.shadowRoot;
    if (!state || !root) return false;
    if (arabic && root.querySelector('[part~="base"]')?.getAttribute('lang') !== 'ar') return false;
    const is = (name: string) => el.matches(`:state(${name})`);
    const has = (selector: string) => !!root.querySelector(selector);
    switch (state) {
      case 'loading':
        return is('loading') && has('[part~="skeleton"]');
      case 'error':
        return is('error') && has('[part~="error"]');
      case 'empty':
        return is('empty') && has('[part~="empty"]');
      default:
        // Data: shown, not loading, not failed, not empty — and a viewer sees the role note.
        return !is('loading') && !is('error') && !is('empty') && has(data[tag]!) && (state !== 'viewer' || has('[part~="note"]'));
    }
  });
}

/** axe's violations on the story (WCAG 2 A and AA rules, colour contrast included); axe is in the page already. */
async function violations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document.querySelector('#storybook-root'), { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  });
}

interface PreviewWindow {
  __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string; phase?: string; story?: { parameters?: { state?: StoryState } } } };
  __STORYBOOK_ADDONS_CHANNEL__?: { emit(event: string, payload: unknown): void };
}

/** True in the page once Storybook finished rendering the story (its loaders, render and play function ran) or gave up on it. */
function rendered(id: string): boolean {
  const render = (window as unknown as PreviewWindow).__STORYBOOK_PREVIEW__?.currentRender;
  return render?.id === id && ['completed', 'afterEach', 'finished', 'errored', 'aborted'].includes(render.phase ?? '');
}

/**
 * Checks every story in one locale, in one page: the first story is loaded by URL (with the locale as a
 * global), the next ones through Storybook's own channel (`setCurrentStory`, what the manager's sidebar
 * sends), so the preview and axe load once instead of once per story. Each render starts clean all the
 * same: the preview's loader gives the story a fresh fixture server and handlers, and each widget a fresh
 * publishable key, hence fresh stores. Returns the failures.
 */
async function checkLocale(stories: StoryEntry[], locale: 'en' | 'ar'): Promise<string[]> {
  const failures: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  // The functions this file hands to the page are compiled by tsx, which names them with esbuild's __name.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  let errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(message.text());
  });
  try {
    for (const [i, story] of stories.entries()) {
      const label = `${story.title} / ${story.name} (${locale})`;
      errors = [];
      if (i === 0) {
        await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story&globals=locale:${locale}`);
        await page.addScriptTag({ content: axeSource });
      } else {
        await page.evaluate((id) => (window as unknown as PreviewWindow).__STORYBOOK_ADDONS_CHANNEL__!.emit('setCurrentStory', { storyId: id, viewMode: 'story' }), story.id);
      }
      const done = await page.waitForFunction(rendered, story.id, { timeout: 20000, polling: 50 }).then(() => true, () => false);
      const declared = done
        ? await page.evaluate(() => (window as unknown as PreviewWindow).__STORYBOOK_PREVIEW__?.currentRender?.story?.parameters?.state as DeclaredState | undefined)
        : undefined;
      if (!declared) {
        failures.push(`${label}: ${done ? 'declares no state (parameters.state)' : 'Storybook did not finish rendering it'}`);
        continue;
      }
      try {
        await page.waitForFunction(reached, { declared, data: DATA, arabic: locale === 'ar' }, { timeout: 10000 });
      } catch {
        failures.push(`${label}: does not reach its declared state ${JSON.stringify(declared)}`);
      }
      if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) failures.push(`${label}: Storybook shows an error`);
      const found = await violations(page);
      if (found.length) failures.push(`${label}: axe: ${found.join('; ')}`);
      await page.screenshot({ path: join(shots, `${story.id}-${locale}.png`), fullPage: true });
      if (errors.length) failures.push(`${label}: ${errors.join('; ')}`);
    }
  } finally {
    await context.close();
  }
  return failures;
}

describe('Storybook', () => {
  it('shows every story in the state it declares, in English and Arabic, with no axe violation and nothing thrown', async () => {
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { entries: Record<string, StoryEntry> };
    const stories = Object.values(index.entries).filter((e) => e.type === 'story');
    assert.ok(stories.length >= 30, `expected the widgets' stories, found ${stories.length}`);
    // The two locales side by side, a page each.
    const failures = (await Promise.all((['en', 'ar'] as const).map((locale) => checkLocale(stories, locale)))).flat();
    assert.deepEqual(failures, []);
  });
});
