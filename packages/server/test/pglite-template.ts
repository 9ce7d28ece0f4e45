/**
 * The PGlite image every test server and end-to-end server starts from: one database migrated and seeded with
 * the demo data, dumped once and kept (in memory, and in the OS temp folder for the next test processes).
 * Starting from it costs ≈0.6 s of CPU where a fresh cluster, the migrations and the seed cost ≈6 s.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { dumpPglite, openDatabase } from '../src/db/open.js';
import { listMigrations, migrate } from '../src/db/migrate.js';
import { seedDemo } from '../src/seed/demo.js';

/** Bumped when the way the image is made changes (what it holds is hashed from the migrations and the seed). */
const FORMAT = 'v3';
let template: Promise<Blob> | undefined;

/** A fingerprint of everything the image holds: the migrations and the seed (a change makes a new image). */
function templateKey(): string {
  const hash = createHash('sha256').update(FORMAT);
  for (const m of listMigrations()) hash.update(`${m.version}\n${m.sql}\n`);
  const seed = fileURLToPath(new URL('../src/seed/', import.meta.url));
  for (const file of readdirSync(seed).sort()) hash.update(readFileSync(join(seed, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The image as a data-folder tarball for PGlite's `loadDataDir`. Kept unpacked in memory: PGlite would
 * gunzip it again for every server. Nobody uses the template databases of a test cluster (a PGlite
 * store is one database), so they are dropped: a third less to unpack and start per server.
 */
export function pgliteDump(): Promise<Blob> {
  template ??= (async () => {
    const file = join(tmpdir(), 'subkit-test-templates', `pglite-${templateKey()}.tar.gz`);
    if (existsSync(file)) return new Blob([gunzipSync(readFileSync(file))]);
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrate(db);
      await seedDemo(db);
      await db.exec("UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')");
      await db.exec('DROP DATABASE template0');
      await db.exec('DROP DATABASE template1');
      // PGlite's default 128 MB of shared buffers are zeroed at every start (≈0.8 s of CPU per test server);
      // the demo database is ~10 MB, so 16 MB still holds all of it.
      await db.exec("ALTER SYSTEM SET shared_buffers = '16MB'");
      await db.exec('CHECKPOINT');
      const dump = Buffer.from(await (await dumpPglite(db)).arrayBuffer());
      mkdirSync(dirname(file), { recursive: true });
      // Written aside and renamed: test processes running side by side never read half a file.
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, dump);
      renameSync(partial, file);
      return new Blob([gunzipSync(dump)]);
    } finally {
      await db.close();
    }
  })();
  return template;
}
