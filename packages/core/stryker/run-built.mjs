/**
 * Runs the bundled build of one test file (test/math/x.test.ts → .stryker-build/math/x.test.mjs, made by
 * ./build.mjs), so that Stryker knows each test by its source file (incremental runs compare those).
 */
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const source = relative(process.cwd(), resolve(process.argv[2] ?? ''));
const built = source.replace(/^test\//, '.stryker-build/').replace(/\.ts$/, '.mjs');
await import(pathToFileURL(resolve(built)).href);
