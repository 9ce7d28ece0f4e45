import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);
const mswWorker = resolve(dirname(require.resolve('msw/package.json')), 'lib/mockServiceWorker.js');

/** msw's service worker straight from the msw package: served in dev, emitted in the build, never committed. */
function mswWorkerPlugin(): Plugin {
  return {
    name: 'subkit-msw-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_req, res) => {
        res.setHeader('Content-Type', 'application/javascript');
        res.end(readFileSync(mswWorker, 'utf8'));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'mockServiceWorker.js', source: readFileSync(mswWorker, 'utf8') });
    },
  };
}

const config: StorybookConfig = {
  stories: ['../*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    viteConfig.plugins = [...(viteConfig.plugins ?? []), mswWorkerPlugin()];
    // nanostores reads process.env.NODE_ENV in the browser.
    viteConfig.define = { ...viteConfig.define, 'process.env.NODE_ENV': JSON.stringify('development') };
    viteConfig.build = { ...viteConfig.build, chunkSizeWarningLimit: 4000 };
    viteConfig.logLevel = 'warn';
    return viteConfig;
  },
};
export default config;
