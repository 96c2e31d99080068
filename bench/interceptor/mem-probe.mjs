// Where the memory of held requests goes: the shape of ../shared/bench/memtest.js (warm-up, then N requests
// held by a backend that answers after DELAY), but it reads the proxy's own V8 heap spaces at the baseline and
// at the peak, so RSS per held request splits into young generation, old generation and native memory.
//   node bench/interceptor/mem-probe.mjs <N> -- <proxy script and args>
// Env: NODEFLAGS (extra node flags for the proxy), SNAP=1 (heap snapshots at baseline and peak, in SNAP_DIR).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const preload = fileURLToPath(new URL('./mem-preload.mjs', import.meta.url));
const N = Number(process.argv[2]);
const cmd = process.argv.slice(process.argv.indexOf('--') + 1);
const HARNESS = process.env.HARNESS || '/work/shared/bench';
const BP = 23190,
  PP = 23191;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const backend = spawn('taskset', ['-c', '0', 'node', `${HARNESS}/proxies/slow-backend.js`], {
  env: { ...process.env, PORT: String(BP), DELAY_MS: '12000' },
  stdio: 'inherit',
});
const flags = process.env.NODEFLAGS ? process.env.NODEFLAGS.split(' ') : [];
const proxy = spawn('taskset', ['-c', '1', 'node', ...flags, '--import', preload, ...cmd], {
  env: { ...process.env, PORT: String(PP), BACKEND_URL: `http://127.0.0.1:${BP}` },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const mem = [];
const snaps = [];
proxy.stderr.on('data', (d) => {
  for (const l of String(d).split('\n')) {
    if (l.startsWith('MEM ')) mem.push(JSON.parse(l.slice(4)));
    if (l.startsWith('SNAP ')) snaps.push(l.slice(5));
  }
});
const req = (p, agent) =>
  new Promise((resolve) => {
    const r = http.get(
      { host: '127.0.0.1', port: PP, path: p, agent, headers: { host: 'bench.local' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    r.on('error', (e) => resolve(e.code));
  });
const stats = () =>
  new Promise((resolve) =>
    http.get({ host: '127.0.0.1', port: BP, path: '/__stats' }, (r) => {
      let b = '';
      r.on('data', (c) => (b += c));
      r.on('end', () => resolve(JSON.parse(b)));
    }),
  );
const signal = async (sig, list) => {
  const n = list.length;
  proxy.kill(sig);
  while (list.length === n) await sleep(20);
  return list[list.length - 1];
};
(async () => {
  for (let i = 0; i < 100; i++) {
    if ((await req('/fast', false)) === 200) break;
    await sleep(100);
  }
  const warm = new http.Agent({ keepAlive: true, maxSockets: 50 });
  for (let i = 0; i < 40; i++) await Promise.all(Array.from({ length: 50 }, () => req('/fast', warm)));
  warm.destroy();
  await sleep(1500);
  if (process.env.SNAP) await signal('SIGPWR', snaps);
  const base = await signal('SIGUSR2', mem);
  for (let i = 0; i < N; i += 500) {
    for (let j = i; j < Math.min(N, i + 500); j++) void req(`/hold/${j}`, false);
    await sleep(25);
  }
  while ((await stats()).inflight < N) await sleep(100);
  await sleep(300);
  const peak = await signal('SIGUSR2', mem);
  if (process.env.SNAP) await signal('SIGPWR', snaps);
  const kib = (a, b) => ((b - a) / N / 1024).toFixed(2);
  console.log(
    `held ${N}: rss ${kib(base.rss, peak.rss)} KiB/req; heap used ${kib(base.heapUsed, peak.heapUsed)}, total ${kib(base.heapTotal, peak.heapTotal)}`,
  );
  for (const s of ['new_space', 'old_space', 'large_object_space']) {
    console.log(
      `  ${s.padEnd(20)} size ${kib(base.spaces[s].size, peak.spaces[s].size)} used ${kib(base.spaces[s].used, peak.spaces[s].used)} KiB/req (size ${(base.spaces[s].size / 1048576).toFixed(1)} -> ${(peak.spaces[s].size / 1048576).toFixed(1)} MiB)`,
    );
  }
  console.log(`  rss ${(base.rss / 1048576).toFixed(1)} -> ${(peak.rss / 1048576).toFixed(1)} MiB`);
  if (snaps.length) console.log(`  snapshots: ${snaps.join(' ')}`);
  proxy.kill('SIGKILL');
  backend.kill('SIGKILL');
})();
