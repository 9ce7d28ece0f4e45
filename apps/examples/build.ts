// Builds every example app once (production builds with relative paths, so the test serves each one
// under /examples/<name>/ of one reference server). The React example is built twice: with React 19
// (its own dependency) and with React 18 (aliased), the two versions @subkit/react supports.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Every example: a folder with a package.json and a build script, plus the React 18 variant. */
export function examples(): { name: string; dir: string; env: Record<string, string> }[] {
  const list: { name: string; dir: string; env: Record<string, string> }[] = [];
  for (const name of readdirSync(here)) {
    if (!existsSync(join(here, name, 'package.json'))) continue;
    list.push({ name, dir: join(here, name), env: {} });
    if (name === 'react') list.push({ name: 'react18', dir: join(here, name), env: { SUBKIT_REACT: '18' } });
  }
  return list;
}

// Production builds whatever NODE_ENV the caller runs under (`npm test` sets `test`, which would give a
// development JSX runtime to a production bundle).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const example of examples()) {
    const started = Date.now();
    const result = spawnSync('pnpm', ['run', 'build'], { cwd: example.dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production', ...example.env } });
    if (result.status !== 0) {
      console.error(`building the ${example.name} example failed`);
      process.exit(1);
    }
    console.log(`built the ${example.name} example in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
