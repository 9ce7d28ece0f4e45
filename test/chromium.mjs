// How every Chromium of the tests, benchmarks and screenshots starts: Debian's (or CHROMIUM_PATH), quiet on a closed
// network, and without the pages no test uses. Plain JavaScript, so the web-test-runner config and the scripts load it
// as they are; the TypeScript tests read its types from chromium.d.mts.
import { createRequire } from 'node:module';

/** The Chromium the tests drive. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The features playwright-core 1.65 disables (its chromiumSwitches), then the omnibox's pop-up pages. Chromium keeps
 * only the last --disable-features, so the list must repeat playwright's. New headless Chromium gives every window —
 * every browser context, so every test file of the elements suite — two WebUI renderers for the omnibox's pop-up and
 * its AI-mode twin, which no test uses: with them off a context costs ≈0.7 s of CPU less here.
 */
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
  'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup',
];
/** The playwright-core whose disabled features DISABLED_FEATURES repeats. */
const PLAYWRIGHT_OF_DISABLED_FEATURES = '1.65.1';

const playwright = createRequire(import.meta.url)('playwright-core/package.json').version;
if (playwright !== PLAYWRIGHT_OF_DISABLED_FEATURES) {
  throw new Error(`playwright-core is ${playwright}: compare DISABLED_FEATURES in test/chromium.mjs with its chromiumSwitches' disabled features (${PLAYWRIGHT_OF_DISABLED_FEATURES}'s are there), then update PLAYWRIGHT_OF_DISABLED_FEATURES`);
}

/** The flags every launch passes (playwright adds --headless with `headless: true`, its default). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];

/**
 * For screenshots compared pixel by pixel (packages/elements/scripts/screenshot.mjs, before and after a change):
 * without partial raster, Chromium draws every tile whole, so two runs of the same page give the same pixels —
 * with it, the edges of what a step repainted (a dialog's rounded corner, a focused field's border) came out
 * antialiased differently from run to run (2 of 96 shots differed by 7–8 pixels).
 */
export const screenshotArgs = [...chromiumArgs, '--disable-partial-raster'];
