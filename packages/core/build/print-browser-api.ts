import { compileBrowserApi } from './compile-wire.js';

process.stdout.write(compileBrowserApi());
