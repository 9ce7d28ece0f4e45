// The repository as the test suites outside the packages see it: where it is, the widgets' bundle they serve, and
// scratch folders. Apart from the e2e harness so that a suite needing only these (the package checks) does not load
// Playwright, axe and a server with it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the widgets' bundle when it is missing, as `npm start` would. */
export function ensureWidgetsBuilt(): void {
  const built = () => ['subkit.js', 'integrity.json', join('admin', 'subkit-admin.js')].every((file) => existsSync(join(ROOT, 'packages', 'elements', 'dist', file)));
  if (built()) return;
  const execPath = process.env.npm_execpath;
  const [cmd, args] = execPath && /pnpm/.test(execPath) && execPath.endsWith('.cjs')
    ? [process.execPath, [execPath]]
    : ['pnpm', []];
  const result = spawnSync(cmd, [...args, '--filter', '@subkit/elements', 'run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0 || !built()) {
    throw new Error('building the widgets (pnpm --filter @subkit/elements build) failed');
  }
}

/** A fresh scratch folder (downloads, packed tarballs). */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
