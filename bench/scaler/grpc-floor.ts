// The floor under the scaler benchmark's KEDA load (not a test): what a bare grpc-js server costs to serve it
// with none of the scaler's work. The server (this file with --server, in its own process so that its CPU is
// its own) serves the scaler's proto: StreamIsActive writes a constant `{result: true}` every 200 ms per stream
// from one shared ticker (ten ticks per interval, as active-streams.ts does), GetMetrics answers a constant
// metric. The load is bench/scaler/scaler.ts's: one stream per route (1,000) through one client, then
// GetMetrics every 15 ms on top.
// Run: npx tsx bench/scaler/grpc-floor.ts   (the results are in bench/README.md, under "scaler")
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Server, ServerCredentials, type ServerWritableStream } from '@grpc/grpc-js';
import { loadExternalScalerProto } from '../../packages/scaler/src/grpc/proto.js';
import { createScalerClient } from '../../packages/scaler/src/testing/scaler-client.js';

const STREAMS = 1_000;
const INTERVAL_MS = 200;
const TICKS_PER_INTERVAL = 10;
const WINDOW_MS = 30_000;
const CLK_TCK = 100; // Linux USER_HZ

if (process.argv.includes('--server')) serve();
else await measure();

function serve(): void {
  const { service } = loadExternalScalerProto();
  const streams = new Set<{ call: ServerWritableStream<unknown, unknown>; due: number }>();
  let tick = 0;
  setInterval(() => {
    tick++;
    for (const s of streams) {
      if (s.due > tick) continue;
      s.due = tick + TICKS_PER_INTERVAL;
      s.call.write({ result: true });
    }
  }, INTERVAL_MS / TICKS_PER_INTERVAL);
  const server = new Server();
  const metric = { metricValues: [{ metricName: 'http-bench_002Froute', metricValue: 3 }] };
  server.addService(service, {
    IsActive: (_call: unknown, cb: (err: null, res: unknown) => void) => cb(null, { result: true }),
    GetMetricSpec: (_call: unknown, cb: (err: null, res: unknown) => void) => cb(null, { metricSpecs: [] }),
    GetMetrics: (_call: unknown, cb: (err: null, res: unknown) => void) => cb(null, metric),
    StreamIsActive: (call: ServerWritableStream<unknown, unknown>) => {
      const s = { call, due: tick + TICKS_PER_INTERVAL + 1 };
      streams.add(s);
      call.write({ result: true });
      call.once('cancelled', () => streams.delete(s));
    },
  });
  // Fed from a net.Server, as the scaler's grpc-server.ts does.
  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const listener = createServer((socket) => injector.injectConnection(socket));
  listener.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${(listener.address() as AddressInfo).port}\n`);
  });
}

async function measure(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--server'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve) =>
    createInterface({ input: child.stdout }).once('line', (l) => resolve(Number(l))),
  );
  const pid = child.pid as number;
  const ticks = (): number => {
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  };
  const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const client = createScalerClient(`127.0.0.1:${port}`);
  const refs = Array.from({ length: STREAMS }, (_, i) => ({
    name: `route-${i}`,
    namespace: 'bench',
    scalerMetadata: { httpScaledObject: `route-${i}` },
  }));
  const streams = refs.map((ref) => client.stream(ref));
  const messages = (): number => streams.reduce((n, s) => n + s.messages.length, 0);
  /** Server CPU (% of one core) and stream messages a second over WINDOW_MS. */
  const window = async (): Promise<[number, number]> => {
    const [t0, m0, w0] = [ticks(), messages(), performance.now()];
    await wait(WINDOW_MS);
    const seconds = (performance.now() - w0) / 1000;
    return [((ticks() - t0) / CLK_TCK / seconds) * 100, (messages() - m0) / seconds];
  };

  await wait(5_000);
  const [streamCpu, streamRate] = await window();
  let calls = 0;
  let answered = 0;
  const timer = setInterval(() => {
    const ref = refs[calls++ % refs.length];
    if (ref) void client.getMetrics(ref).then(() => answered++);
  }, 15);
  await wait(5_000);
  const a0 = answered;
  const [loadCpu, loadRate] = await window();
  const unaryRate = (answered - a0) / (WINDOW_MS / 1000);
  clearInterval(timer);

  console.log(`\nBare grpc-js server, node ${process.version}: CPU of the server process, % of one core\n`);
  console.log('| load | messages/s | GetMetrics/s | server CPU |\n|---|---:|---:|---:|');
  console.log(`| ${STREAMS} StreamIsActive | ${streamRate.toFixed(0)} | 0 | **${streamCpu.toFixed(1)}** |`);
  console.log(
    `| ${STREAMS} StreamIsActive + GetMetrics | ${loadRate.toFixed(0)} | ${unaryRate.toFixed(0)} | **${loadCpu.toFixed(1)}** |`,
  );
  for (const s of streams) s.cancel();
  client.close();
  child.kill('SIGTERM');
  process.exit(0);
}
