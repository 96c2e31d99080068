// The end-to-end benchmark (issue 8 §4): the whole system as real processes on devcluster, as the e2e suite
// runs it (the built CLI, config/default applied with kubectl, the deployables as pods), plus the timing app
// of app.mjs. It measures
// - activation: a request to an idle route → StreamIsActive true at KEDA's emulation (goal ≤ 20 ms);
// - ready-to-forward: the EndpointSlice ready event → the held request reaching the pod (goal ≤ 5 ms): its
//   connection accepted by the pod, and (adding the app's own first parse) its headers parsed;
// - scale-from-zero overhead: total cold start − the app's own start-up (goal ≤ 100 ms);
// - propagation: an HTTPScaledObject write → the first routed request (goal ≤ 300 ms at p99);
// and prints a Markdown report with the load average during the run. Usage (after `make build`):
//   npx tsx bench/e2e/run.ts            COLD_STARTS=20 PROPAGATIONS=100 by default
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntilServing } from '../../e2e/support/route-checks.js';
import { echoApp } from '../../e2e/support/manifests.js';
import { startSystem } from '../../e2e/support/system.js';
import { measureColdStart, type ColdStartSample } from './cold-start.js';
import { BENCH_APP_IMAGE, writeBenchImageMap } from './image-map.js';
import { measurePropagation } from './propagation.js';
import { HEADER, row, summarize } from './stats.js';

const COLD_STARTS = Number(process.env['COLD_STARTS'] ?? 20);
const PROPAGATIONS = Number(process.env['PROPAGATIONS'] ?? 100);
const WARM_UP = 2;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const dir = mkdtempSync(join(tmpdir(), 'keda-http-bench-e2e-'));
const loads: number[] = [loadavg()[0] ?? 0];
const sampler = setInterval(() => loads.push(loadavg()[0] ?? 0), 5000);
const sys = await startSystem({ images: writeBenchImageMap(dir), probePeriodCap: '10ms' });
try {
  const cold: ColdStartSample[] = [];
  for (let i = 0; i < WARM_UP + COLD_STARTS; i++) {
    const sample = await measureColdStart(sys, i);
    if (i >= WARM_UP) cold.push(sample);
    log(
      `cold start ${i + 1}/${WARM_UP + COLD_STARTS}: ${sample.total.toFixed(0)} ms total, activation ${sample.activation.toFixed(1)} ms`,
    );
  }

  const ns = await sys.namespace('propagation');
  await sys.apply(echoApp({ namespace: ns, name: 'app', image: BENCH_APP_IMAGE, replicas: 1 }));
  await waitUntilServing(sys, ns, []);
  const proxyUrl = await sys.endpointUrl('keda-add-ons-http-interceptor-proxy', 'proxy');
  const propagation: number[] = [];
  const polls: number[] = [];
  for (let i = 0; i < WARM_UP + PROPAGATIONS; i++) {
    const sample = await measurePropagation(sys, { namespace: ns, app: 'app', proxyUrl }, i);
    if (i >= WARM_UP) {
      propagation.push(sample.ms);
      polls.push(sample.polls);
    }
    if ((i + 1) % 20 === 0) log(`propagation ${i + 1}/${WARM_UP + PROPAGATIONS}`);
  }
  clearInterval(sampler);
  loads.push(loadavg()[0] ?? 0);

  const pick = (f: (s: ColdStartSample) => number) => summarize(cold.map(f));
  const out = [
    `Node ${process.version}, ${cpus().length} cores; load average (1 min) during the run: ` +
      `${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (start ${loads[0]?.toFixed(2)}, end ${loads.at(-1)?.toFixed(2)})`,
    `${COLD_STARTS} cold starts and ${PROPAGATIONS} propagations (after ${WARM_UP} warm-up samples each).`,
    '',
    ...HEADER,
    row(
      'activation',
      pick((s) => s.activation),
      '≤ 20',
    ),
    row(
      'ready-to-forward (connection at the pod)',
      pick((s) => s.readyToForward),
      '≤ 5',
    ),
    row(
      'ready-to-forward (request parsed by the app)',
      pick((s) => s.readyToParsed),
    ),
    row('propagation', summarize(propagation), '≤ 300 at p99'),
    row(
      'scale-from-zero overhead',
      pick((s) => s.overhead),
      '≤ 100',
    ),
    row(
      'total cold start',
      pick((s) => s.total),
    ),
    row(
      "the app's own start-up",
      pick((s) => s.appStartup),
    ),
    '',
    'Cold-start breakdown (medians, ms):',
    '',
    '| phase | p50 | p90 |',
    '|---|---:|---:|',
    ...Object.keys(cold[0]?.phases ?? {}).map((phase) => {
      const s = pick((c) => c.phases[phase] ?? NaN);
      return `| ${phase} | ${s.p50.toFixed(1)} | ${s.p90.toFixed(1)} |`;
    }),
    '',
    `Propagation polls per sample: median ${summarize(polls).p50} (one request every ~2 ms plus its round trip).`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  clearInterval(sampler);
  const left = await sys.stop();
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) log(`processes left running: ${JSON.stringify(left)}`);
}
