import { compileBrowserApi, compileBrowserModules } from './compile-wire.js';

// `--modules <prefix>`: the many-module form as JSON ({ id: source }); else the one-module form.
const at = process.argv.indexOf('--modules');
process.stdout.write(at >= 0 ? JSON.stringify(Object.fromEntries(compileBrowserModules(process.argv[at + 1]!))) : compileBrowserApi());
