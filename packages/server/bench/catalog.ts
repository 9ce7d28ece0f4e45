// Catalog throughput against a bare Express hello-world measured in the same run (DESIGN §8 budget: ≥ 60%),
// then change-preview latency at a fixed request rate and the server's RSS under that load.
// Each server runs in its own process. The load comes from wrk when it is installed (Debian: apt-get
// install wrk) — a Node load generator parsing 16 KB catalog bodies becomes the bottleneck itself —
// else from this process over keep-alive connections. The cases run interleaved, several rounds, and the
// best round of each counts: on a shared machine a round is often slowed by others' work. Beside
// requests/s, each case's server CPU time per request is printed: it does not depend on what else runs.
// Usage: pnpm --filter @subkit/server run bench:catalog [-- seconds concurrency rounds previewRate previewSeconds]
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2).filter((a) => a !== '--');
const seconds = Number(args[0] ?? 5);
const concurrency = Number(args[1] ?? 16);
const rounds = Number(args[2] ?? 3);
const previewRate = Number(args[3] ?? 50);
const previewSeconds = Number(args[4] ?? 10);

interface Started {
  child: ChildProcess;
  port: number;
  publishableKey?: string;
  sessionToken?: string;
  origin?: string;
  subscriptionId?: string;
  subscriptionVersion?: string;
}
interface Stats { cpuMicros: number; rss: number }

function start(kind: 'hello' | 'subkit'): Promise<Started> {
  const child = fork(fileURLToPath(new URL('./serve.ts', import.meta.url)), [kind], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, ...(message as { port: number }) }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

const asked = new WeakMap<Started, Promise<unknown>>();

/** The server's CPU time so far and its RSS (one question at a time per server, answers come in order). */
function stats(server: Started): Promise<Stats> {
  const answer = (asked.get(server) ?? Promise.resolve()).then(
    () =>
      new Promise<Stats>((resolve) => {
        server.child.once('message', (message) => resolve(message as Stats));
        server.child.send('stats');
      }),
  );
  asked.set(server, answer);
  return answer;
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

/** Completed requests and requests/s from wrk, with non-2xx answers counted as a failure. */
function loadWithWrk(port: number, path: string, headers: Record<string, string>, duration: number): { count: number; rate: number } {
  const args = ['-t1', `-c${concurrency}`, `-d${Math.max(1, Math.round(duration / 1000))}s`];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  const out = execFileSync('wrk', [...args, `http://127.0.0.1:${port}${path}`], { encoding: 'utf8' });
  if (/Non-2xx/.test(out)) throw new Error(`non-2xx answers from ${path}:\n${out}`);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const count = /(\d+) requests in/.exec(out);
  if (!rate || !count) throw new Error(`unexpected wrk output:\n${out}`);
  return { count: Number(count[1]), rate: Number(rate[1]) };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One request; resolves with its status and latency in ms. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(body);
  });
}

/** Sends requests with `concurrency` in flight for `duration` ms; every answer must be a 200. */
async function load(port: number, path: string, headers: Record<string, string>, duration: number): Promise<{ count: number; rate: number }> {
  const until = Date.now() + duration;
  let count = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const { status } = await send(port, 'GET', path, headers);
      if (status !== 200) throw new Error(`${path} answered ${status}`);
      count++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { count, rate: count / (duration / 1000) };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const hello = await start('hello');
const subkit = await start('subkit');
try {
  const session = { authorization: `Bearer ${subkit.sessionToken}`, origin: subkit.origin! };
  // What every browser sends; the widgets' catalog requests get the catalog's kept Brotli bytes.
  const browser = { 'accept-encoding': 'gzip, deflate, br' };
  const publicKey = { authorization: `Bearer ${subkit.publishableKey}` };
  const cases: { name: string; server: Started; path: string; headers: Record<string, string>; rates: number[]; cpu: number[] }[] = [
    { name: 'express hello-world', server: hello, path: '/hello', headers: browser, rates: [], cpu: [] },
    { name: 'GET /v1/catalog (publishable key)', server: subkit, path: '/v1/catalog', headers: { ...publicKey, ...browser }, rates: [], cpu: [] },
    { name: 'GET /v1/catalog (buyer session, contract prices)', server: subkit, path: '/v1/catalog', headers: { ...session, ...browser }, rates: [], cpu: [] },
    { name: 'GET /v1/catalog (publishable key, no Accept-Encoding)', server: subkit, path: '/v1/catalog', headers: publicKey, rates: [], cpu: [] },
  ];
  const measure = (c: (typeof cases)[number], ms: number) => (wrk ? loadWithWrk(c.server.port, c.path, c.headers, ms) : load(c.server.port, c.path, c.headers, ms));
  for (const c of cases) await measure(c, 1000); // warm-up: JIT, caches, connections
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      const before = await stats(c.server);
      const { count, rate } = await measure(c, seconds * 1000);
      const after = await stats(c.server);
      c.rates.push(rate);
      c.cpu.push((after.cpuMicros - before.cpuMicros) / count);
    }
  }
  // Figures from a machine busy with other work are not comparable with a quiet one's: say how busy it was.
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
  console.log(
    `catalog benchmark: ${rounds} interleaved rounds of ${seconds} s per case, ${concurrency} connections, loopback, load from ${wrk ? 'wrk' : 'Node (install wrk for a fairer figure)'}`,
  );
  const best = cases.map((c) => Math.max(...c.rates));
  const cpu = cases.map((c) => median(c.cpu));
  cases.forEach((c, i) => {
    console.log(
      `  ${c.name.padEnd(56)} ${best[i]!.toFixed(0).padStart(7)} req/s best (${c.rates.map((r) => r.toFixed(0)).join(', ')})  ` +
        `${((100 * best[i]!) / best[0]!).toFixed(0).padStart(4)}% of hello-world;  server CPU ${cpu[i]!.toFixed(0).padStart(4)} µs/request (${((100 * cpu[0]!) / cpu[i]!).toFixed(0)}% of hello-world's rate by CPU)`,
    );
  });
  const publicShare = best[1]! / best[0]!;
  const sessionShare = best[2]! / best[0]!;
  console.log(`budget (DESIGN §8): catalog ≥ 60% of hello-world — public ${publicShare >= 0.6 ? 'met' : 'NOT met'} (${(publicShare * 100).toFixed(0)}%), with a session ${sessionShare >= 0.6 ? 'met' : 'NOT met'} (${(sessionShare * 100).toFixed(0)}%)`);

  // Change preview: an open-loop load at a fixed rate (a request every 1/rate s whether or not the last one
  // answered), so a slow answer shows in the latency instead of slowing the load down.
  const previewPath = `/v1/subscriptions/${subkit.subscriptionId}/change/preview`;
  const previewBody = JSON.stringify({ expectedVersion: Number(subkit.subscriptionVersion), quantity: 7 });
  const previewHeaders = { ...session, 'content-type': 'application/json' };
  for (let i = 0; i < 20; i++) await send(subkit.port, 'POST', previewPath, previewHeaders, previewBody); // warm-up
  const latencies: number[] = [];
  const failures: number[] = [];
  let peakRss = (await stats(subkit)).rss;
  const sampler = setInterval(() => void stats(subkit).then((s) => (peakRss = Math.max(peakRss, s.rss))), 250);
  const total = previewRate * previewSeconds;
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / previewRate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      send(subkit.port, 'POST', previewPath, previewHeaders, previewBody).then(({ status, ms }) => {
        if (status === 200) latencies.push(ms);
        else failures.push(status);
      }),
    );
  }
  await Promise.all(inFlight);
  clearInterval(sampler);
  if (failures.length) throw new Error(`${failures.length} previews failed (statuses ${[...new Set(failures)].join(', ')})`);
  latencies.sort((a, b) => a - b);
  console.log(
    `change preview: ${previewRate} req/s for ${previewSeconds} s on loopback (open loop) — p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms; server RSS peak ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
} finally {
  agent.destroy();
  hello.child.kill();
  subkit.child.kill();
}
