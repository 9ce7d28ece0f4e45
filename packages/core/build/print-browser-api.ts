import { compileBrowserApi, compileBrowserModules } from './compile-wire.js';

// `--modules <prefix>`: the many-module form as JSON ({ id: source }); else the one-module form.
// `--compact`: responses checked by their shape only (production browser bundles); else by every rule.
const at = process.argv.indexOf('--modules');
const options = { responses: process.argv.includes('--compact') ? 'compact' : 'full' } as const;
process.stdout.write(at >= 0 ? JSON.stringify(Object.fromEntries(compileBrowserModules(process.argv[at + 1]!, options))) : compileBrowserApi(options));
