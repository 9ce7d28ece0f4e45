// Builds Storybook and opens every story in Chromium: each must render its widget with content and
// throw nothing. Screenshots land in stories/screenshots/ (not committed) for designers and reviewers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const here = import.meta.dirname;
const out = join(here, 'storybook-static');
const shots = join(here, 'screenshots');
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

let server: Server;
let base: string;
let browser: Browser;

before(async () => {
  execFileSync('pnpm', ['run', 'build'], { cwd: here, stdio: 'inherit' });
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
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

describe('Storybook', () => {
  it('renders every story of every widget, and nothing throws', async () => {
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { entries: Record<string, { id: string; type: string; title: string; name: string }> };
    const stories = Object.values(index.entries).filter((e) => e.type === 'story');
    assert.ok(stories.length >= 10, `expected the widgets' stories, found ${stories.length}`);
    const failures: string[] = [];
    for (const story of stories) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`);
      const loadingStory = /loading/i.test(story.name);
      try {
        // A widget has rendered when its shadow root has content and, unless the story is about loading, it is not loading.
        await page.waitForFunction(
          (loading) => {
            const widgets = [...document.querySelectorAll('#storybook-root *')].filter((el) => el.tagName.startsWith('SUBKIT-') && el.tagName !== 'SUBKIT-PROVIDER');
            return widgets.length > 0 && widgets.every((el) => (el.shadowRoot?.textContent ?? '').trim().length > 0 && (loading || !el.matches(':state(loading)')));
          },
          loadingStory,
          { timeout: 8000 },
        );
      } catch {
        failures.push(`${story.title} / ${story.name}: the widget did not render`);
      }
      await page.screenshot({ path: join(shots, `${story.id}.png`), fullPage: true });
      if (errors.length) failures.push(`${story.title} / ${story.name}: ${errors.join('; ')}`);
      await page.close();
    }
    assert.deepEqual(failures, []);
  });
});
