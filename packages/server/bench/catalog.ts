// Catalog throughput against a bare Express hello-world measured in the same run (DESIGN budget: ≥ 60%).
// Each server runs in its own process; this process generates the load over keep-alive connections.
// Usage: pnpm --filter @subkit/server run bench:catalog [-- seconds concurrency]
import { fork, type ChildProcess } from 'node:child_process';
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
    await load(c.port, c.path, c.headers, 1000); // warm-up: JIT, caches, connections
    results.push({ name: c.name, rate: await load(c.port, c.path, c.headers, seconds * 1000) });
  }
  const baseline = results[0]!.rate;
  console.log(`catalog benchmark: ${seconds} s per case, ${concurrency} requests in flight, loopback`);
  for (const r of results) console.log(`  ${r.name.padEnd(50)} ${r.rate.toFixed(0).padStart(7)} req/s  ${((100 * r.rate) / baseline).toFixed(0).padStart(4)}% of hello-world`);
  const publicShare = results[1]!.rate / baseline;
  console.log(`budget (DESIGN §8): public catalog ≥ 60% of hello-world — ${publicShare >= 0.6 ? 'met' : 'NOT met'} (${(publicShare * 100).toFixed(0)}%)`);
} finally {
  hello.child.kill();
  subkit.child.kill();
}
