import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import type { HttpHandler } from 'msw';
import { startWorker, useFixtureServer, worker } from '../../packages/elements/test/msw.js';
import type { FixtureServerOptions } from '../../packages/elements/test/handlers.js';
import '../../packages/elements/src/define.js';
import manifest from '../custom-elements.json' with { type: 'json' };

// Controls and docs come from the components' JSDoc, through custom-elements.json.
setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
    layout: 'padded',
    backgrounds: { disable: true },
  },
  globalTypes: {
    theme: {
      description: 'Colour theme of the widgets',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
    locale: {
      description: 'Locale of strings, money and dates',
      toolbar: { title: 'Locale', icon: 'globe', items: ['en', 'zh-CN', 'ar', 'hi', 'tr'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  // Each story gets its own fixture API (parameters.fixtures) behind msw's real service worker.
  loaders: [
    async ({ parameters }) => {
      await startWorker();
      // The one fixture server, stateful like the real engine (a checkout, change, pause, cancel or payment applies).
      useFixtureServer((parameters.fixtures ?? {}) as FixtureServerOptions);
      // Story-specific overrides (a slow or failing endpoint) take precedence over the fixture server.
      const overrides = (parameters.handlers ?? []) as HttpHandler[];
      if (overrides.length) worker.use(...overrides);
      return {};
    },
  ],
  decorators: [
    (story, { globals }) => {
      document.documentElement.lang = globals.locale ?? 'en';
      document.documentElement.dir = globals.locale === 'ar' ? 'rtl' : 'ltr';
      document.body.style.background = globals.theme === 'dark' ? '#0b1020' : '#ffffff';
      document.body.dataset.theme = globals.theme ?? 'light';
      return story();
    },
  ],
};
export default preview;
