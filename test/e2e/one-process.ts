/**
 * The end-to-end files in one process: `node --test` starts a process per file, and each paid ≈3.5 s of CPU
 * before its first step (tsx, the server and the reference app's imports). Each file is one describe block
 * with its own server, browser and hooks and shares nothing at module level, so importing them one after the
 * other into one process keeps them apart; they run in file order, one at a time, as before.
 * The files share one Chromium (shareChromium: one launch instead of one per file), each with its own contexts.
 * SUBKIT_TEST_FILES (a comma-separated list of substrings) narrows the run to matching files while working.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resetArtifacts, shareChromium } from './harness.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.env.SUBKIT_TEST_FILES?.split(',').filter(Boolean);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.test.ts') && (!only || only.some((o) => file.includes(o))))
  .sort();
process.stdout.write(`# ${files.length} files in one process\n`);
shareChromium();
// Once for the run: a file that emptied test/artifacts/ itself (journey did) dropped the screenshots of the files before it.
resetArtifacts();
for (const file of files) await import(pathToFileURL(join(here, file)).href);
