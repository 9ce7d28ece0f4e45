// Catalog throughput against a bare Express hello-world measured in the same run (DESIGN budget: ≥ 60%).
// Each server runs in its own process. The load comes from wrk when it is installed (Debian: apt-get
// install wrk) — a Node load generator parsing 16 KB catalog bodies becomes the bottleneck itself —
// else from this process over keep-alive connections.
// Usage: pnpm --filter @subkit/server run bench:catalog [-- seconds concurrency]
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 16);

interface Started { child: ChildProcess; port: number; publishableKey?: string; sessionToken?: string }

function start(kind: 'hello' | 'subkit'): Promise<Started> {
  const child = fork(fileURLToPath(new URL('./serve.ts', import.meta.url)), [kind], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, ...(message as { port: number }) }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

const wrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary is "not installed".
    return (err as { code?: string }).code !== 'ENOENT';
  }
})();

/** Requests per second from wrk, with non-2xx answers counted as a failure. */
function loadWithWrk(port: number, path: string, headers: Record<string, string>, duration: number): number {
  const args = ['-t1', `-c${concurrency}`, `-d${Math.max(1, Math.round(duration / 1000))}s`];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  const out = execFileSync('wrk', [...args, `http://127.0.0.1:${port}${path}`], { encoding: 'utf8' });
  if (/Non-2xx/.test(out)) throw new Error(`non-2xx answers from ${path}:\n${out}`);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!rate) throw new Error(`unexpected wrk output:\n${out}`);
  return Number(rate[1]);
}

/** Sends requests with `concurrency` in flight for `duration` ms; answers completed 200s per second. */
async function load(port: number, path: string, headers: Record<string, string>, duration: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const until = Date.now() + duration;
  let ok = 0;
  let failed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) ok++;
          else failed++;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end();
    });
  const worker = async () => {
    while (Date.now() < until) await one();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  if (failed) throw new Error(`${failed} requests to ${path} failed`);
  return ok / (duration / 1000);
}

const hello = await start('hello');
const subkit = await start('subkit');
try {
  const cases: { name: string; port: number; path: string; headers: Record<string, string> }[] = [
    { name: 'express hello-world', port: hello.port, path: '/hello', headers: {} },
    { name: 'GET /v1/catalog (publishable key)', port: subkit.port, path: '/v1/catalog', headers: { authorization: `Bearer ${subkit.publishableKey}` } },
    { name: 'GET /v1/catalog (buyer session, contract prices)', port: subkit.port, path: '/v1/catalog', headers: { authorization: `Bearer ${subkit.sessionToken}` } },
  ];
  const results: { name: string; rate: number }[] = [];
  for (const c of cases) {
    const measure = wrk ? async (ms: number) => loadWithWrk(c.port, c.path, c.headers, ms) : (ms: number) => load(c.port, c.path, c.headers, ms);
    await measure(1000); // warm-up: JIT, caches, connections
    results.push({ name: c.name, rate: await measure(seconds * 1000) });
  }
  const baseline = results[0]!.rate;
  console.log(`catalog benchmark: ${seconds} s per case, ${concurrency} connections, loopback, load from ${wrk ? 'wrk' : 'Node (install wrk for a fairer figure)'}`);
  for (const r of results) console.log(`  ${r.name.padEnd(50)} ${r.rate.toFixed(0).padStart(7)} req/s  ${((100 * r.rate) / baseline).toFixed(0).padStart(4)}% of hello-world`);
  const publicShare = results[1]!.rate / baseline;
  console.log(`budget (DESIGN §8): public catalog ≥ 60% of hello-world — ${publicShare >= 0.6 ? 'met' : 'NOT met'} (${(publicShare * 100).toFixed(0)}%)`);
} finally {
  hello.child.kill();
  subkit.child.kill();
}
