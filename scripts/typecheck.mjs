#!/usr/bin/env node
// Type-checks every TypeScript project of the workspace (each package's src and its tests) under strict settings.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const projects = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    for (const sub of ['', 'test', 'bench']) {
      const config = join(root, group, name, sub, 'tsconfig.json');
      if (existsSync(config)) projects.push(config);
    }
  }
}
// The framework example apps (apps/examples/<framework>). One whose templates tsc cannot read (.vue, .svelte,
// .astro) names its framework's checker as its `typecheck` script (vue-tsc, svelte-check, astro check).
const checkers = [];
if (existsSync(join(root, 'apps', 'examples'))) {
  for (const name of readdirSync(join(root, 'apps', 'examples'))) {
    const dir = join(root, 'apps', 'examples', name);
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.typecheck) checkers.push(dir);
    else if (existsSync(join(dir, 'tsconfig.json'))) projects.push(join(dir, 'tsconfig.json'));
  }
}
for (const dir of ['test', 'stories']) {
  if (existsSync(join(root, dir, 'tsconfig.json'))) projects.push(join(root, dir, 'tsconfig.json'));
}

/**
 * A project whose files another project checks under the same options is left out: a package's test
 * project that includes `../src` with the src project's own settings checks src too (and tsc's time is
 * mostly the shared work of reading core and the libraries, paid once per project).
 */
function covered(config) {
  const read = (file) => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const dir = dirname(file);
    return {
      options: JSON.stringify([json.extends ? join(dir, json.extends) : null, json.compilerOptions ?? {}, json.files ?? null]),
      include: (json.include ?? []).map((pattern) => join(dir, pattern)),
    };
  };
  const mine = read(config);
  return projects.find((other) => {
    if (other === config) return false;
    const theirs = read(other);
    return theirs.options === mine.options && mine.include.every((pattern) => theirs.include.includes(pattern));
  });
}
for (const config of [...projects]) {
  const by = covered(config);
  if (by && projects.includes(by)) {
    projects.splice(projects.indexOf(config), 1);
    console.log(`typecheck: ${relative(root, config)} is checked by ${relative(root, by)}`);
  }
}

// Storybook's preview imports custom-elements.json, which is generated from the widgets' JSDoc and not committed;
// the framework drop-ins (@subkit/react's components, the Vue/Svelte/Astro tag types) are generated from it, not
// committed either. scripts/framework-types.mjs makes both, the manifest only when it is missing or older than
// the widgets' sources or the analyzer's config (pnpm install's postinstall has usually just made it).
spawnSync(process.execPath, [join(root, 'scripts', 'framework-types.mjs')], { stdio: 'ignore', cwd: root });
let failed = 0;
// Every project is checked in this one process with one cache of parsed (and bound) files: the libraries'
// declarations and core's sources are read once instead of once per project — tsserver shares files
// between projects the same way.
const ts = (await import('typescript')).default;
const parsedFiles = new Map();
const formatHost = { getCanonicalFileName: (file) => file, getCurrentDirectory: () => root, getNewLine: () => '\n' };
function createProgram(rootNames, options, configFileParsingDiagnostics) {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile;
  host.getSourceFile = (fileName, version, onError, shouldCreate) => {
    const key = typeof version === 'object' ? `${fileName}\0${version.languageVersion}/${version.impliedNodeFormat}/${version.jsDocParsingMode}` : `${fileName}\0${version}`;
    const cached = parsedFiles.get(key);
    if (cached) return cached;
    const file = read.call(host, fileName, version, onError, shouldCreate);
    if (file) parsedFiles.set(key, file);
    return file;
  };
  return ts.createProgram({ rootNames, options, host, configFileParsingDiagnostics });
}
const parsedProjects = [];
for (const config of projects) {
  const name = relative(root, config);
  const parsed = ts.getParsedCommandLineOfConfigFile(config, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (parsed) parsedProjects.push({ name, parsed });
  else {
    failed++;
    console.log(`typecheck FAILED: ${name} (unreadable tsconfig)`);
  }
}
/**
 * Each file is checked in the projects that include it, under their options — as `tsc -b` checks each
 * project's own files — and not again in every program that imports it: the widgets', core's and the
 * client's sources were checked in up to 15 programs each (4,145 file checks for 707 files). A file no
 * project includes is checked in every program that imports it, as before.
 */
const included = new Set(parsedProjects.flatMap((project) => project.parsed.fileNames));
for (const { name, parsed } of parsedProjects) {
  const started = Date.now();
  const program = createProgram(parsed.fileNames, parsed.options, parsed.errors);
  const own = new Set(parsed.fileNames);
  const checked = program.getSourceFiles().filter((file) => own.has(file.fileName) || (!included.has(file.fileName) && !file.isDeclarationFile));
  const diagnostics = ts.sortAndDeduplicateDiagnostics([
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...checked.flatMap((file) => program.getSyntacticDiagnostics(file)),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((file) => program.getSemanticDiagnostics(file)),
  ]);
  if (diagnostics.length === 0) console.log(`typecheck ok: ${name} (${checked.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  else {
    failed++;
    console.log(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
    console.log(`typecheck FAILED: ${name}`);
  }
}
for (const dir of checkers) {
  const started = Date.now();
  const result = spawnSync('pnpm', ['run', '--silent', 'typecheck'], { stdio: 'inherit', cwd: dir });
  const name = relative(root, dir);
  if (result.status === 0) console.log(`typecheck ok: ${name} (pnpm run typecheck, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  else {
    failed++;
    console.log(`typecheck FAILED: ${name} (pnpm run typecheck)`);
  }
}
console.log(`${projects.length + checkers.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
