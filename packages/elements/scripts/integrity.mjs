// Subresource Integrity for the CDN shape: after a browser build writes its files (the loader under a
// stable name, the chunks under content hashes), prints each script's sha384 and writes them to
// integrity.json in the output folder, so a page can pin exactly what it runs:
// <script type="module" src=".../subkit.js" integrity="sha384-…" crossorigin="anonymous">.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The SRI value of some bytes (sha384, as browsers check it). */
export function sri(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** A Vite/Rollup plugin: SRI hashes of every written script, printed and kept in `integrity.json`. */
export function integrity() {
  return {
    name: 'subkit-integrity',
    writeBundle(options, bundle) {
      const files = {};
      for (const fileName of Object.keys(bundle).sort()) {
        if (!fileName.endsWith('.js')) continue;
        files[fileName] = sri(readFileSync(join(options.dir, fileName)));
      }
      writeFileSync(join(options.dir, 'integrity.json'), `${JSON.stringify(files, null, 2)}\n`);
      const width = Math.max(...Object.keys(files).map((f) => f.length));
      console.log(`\nSRI (sha384) of ${Object.keys(files).length} scripts in ${options.dir} (also integrity.json):`);
      for (const [file, hash] of Object.entries(files)) console.log(`  ${file.padEnd(width)}  ${hash}`);
    },
  };
}
