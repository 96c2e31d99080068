// `make demo`: the whole system on devcluster, and one app scaled from zero and back, told as a timeline.
// 1. start devcluster (the built CLI, with the image map that plays the add-on's images from this tree);
// 2. install the add-on as `make deploy` does (namespace keda, the CRDs, config/default) and wait for its pods;
// 3. deploy the sample app (keda-http/echo at 0 replicas, its Service and an HTTPScaledObject);
// 4. send one request through the interceptor and print what happened, in milliseconds;
// 5. print how to talk to each component, then keep running until Ctrl-C (SIGINT) or SIGTERM, which stops
//    devcluster and with it every pod process.
// Settings (environment): DEMO_EXIT_AFTER_TIMELINE=1 stops after step 5's banner (tests and CI);
// DEMO_DIR (default .devcluster/demo) holds the kubeconfig and the pods' logs; DEMO_POD_IP_START moves the
// pod addresses (default 127.0.0.2).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createKubectl, kubectlPath, repoRoot } from '@keda-http/devcluster/testing';
import { waitFor } from '@keda-http/testkit';
import { ADD_ON_NAMESPACE, installAddOn, kubectlOk, SERVICES, waitForAddOn } from '../support/add-on.js';
import { formatStory, tellColdStart } from '../support/cold-start-story.js';
import { startDevclusterProcess, type DevclusterProcess } from '../support/devcluster-process.js';
import { createHttpClient } from '../support/http-client.js';
import { createKubeReader } from '../support/kube-reader.js';
import { echoApp, httpScaledObject, namespaceManifest, toYaml } from '../support/manifests.js';
import { processesMentioning } from '../support/processes.js';
import { createTimelineReader } from '../support/timeline.js';
import { banner } from './banner.js';
import { createProgress } from './progress.js';

const APP = { namespace: 'demo', name: 'echo' };
const HOST = 'echo.demo.local';
const SCALEDOWN_PERIOD = 5;

const env = process.env;
const dir = env['DEMO_DIR'] ?? join(repoRoot(), '.devcluster', 'demo');
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const progress = createProgress(print);
let cluster: DevclusterProcess | undefined;
let starting: number | undefined;
let stopping: Promise<void> | undefined;

function stop(exitCode: number): Promise<void> {
  stopping ??= (async () => {
    if (cluster === undefined && starting !== undefined) {
      // Stopped while devcluster was still starting: it has no pods yet, and ends on SIGTERM.
      process.kill(starting, 'SIGTERM');
      await waitFor('devcluster gone', () => !processesMentioning(join(dir, 'kubeconfig')).length);
    }
    if (cluster?.running) {
      progress.step('stopping devcluster and every pod process it runs …');
      await cluster.stop();
      rmSync(join(dir, 'kubeconfig'), { force: true });
      progress.step('stopped');
    }
    process.exit(exitCode);
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));

async function main(): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  progress.step('starting devcluster (the API server, a kubelet running pods as processes, KEDA + HPA)');
  cluster = await startDevclusterProcess({
    dir,
    hpaSyncPeriod: '1s',
    probePeriodCap: '250ms',
    detached: true,
    onSpawn: (pid) => (starting = pid),
    ...(env['DEMO_POD_IP_START'] !== undefined ? { podIpStart: env['DEMO_POD_IP_START'] } : {}),
  });
  progress.note(`API server ${cluster.url}, kubeconfig ${cluster.kubeconfig}`);
  const kubectl = createKubectl({ kubeconfig: cluster.kubeconfig });
  const kube = createKubeReader(cluster.url);
  const timeline = createTimelineReader(cluster.url);
  const follow = new AbortController();
  void timeline
    .follow(0, (e) => progress.podEntry(e, [ADD_ON_NAMESPACE]), follow.signal)
    .catch(() => undefined);

  await installAddOn(kubectl, { onStep: (s) => progress.step(s) });
  progress.step('waiting for the operator, the interceptor and the scaler to be ready');
  await waitForAddOn(kubectl);
  follow.abort();
  const endpoint = async (service: string, port: string): Promise<string> =>
    waitFor(
      `${service} (${port})`,
      async () => (await kube.readyEndpoints(ADD_ON_NAMESPACE, service, port))[0],
    );

  progress.step(
    `deploying the sample app ${APP.namespace}/${APP.name} at 0 replicas, with an HTTPScaledObject`,
  );
  const app = [
    namespaceManifest(APP.namespace),
    ...echoApp({ ...APP }),
    httpScaledObject({
      ...APP,
      spec: { hosts: [HOST], replicas: { min: 0, max: 3 }, scaledownPeriod: SCALEDOWN_PERIOD },
    }),
  ];
  await kubectlOk(kubectl, ['apply', '-f', '-'], toYaml(app));
  const adminUrl = `http://${await endpoint(SERVICES.interceptorAdmin, 'admin')}`;
  await waitFor('the route in the interceptor', async () => {
    const table = (await (await fetch(`${adminUrl}/routing_table`)).json()) as { routes: { key: string }[] };
    return table.routes.some((r) => r.key === `${APP.namespace}/${APP.name}`);
  });
  await timeline.waitFor(
    'KEDA watching the app',
    (e) => e.kind === 'stream' && e.scaledObject === 'demo/echo',
  );

  const proxy = await endpoint(SERVICES.proxy, 'proxy');
  progress.step(
    `sending GET / with Host: ${HOST} through the interceptor; then waiting ${SCALEDOWN_PERIOD}s idle`,
  );
  const http = createHttpClient();
  const story = await tellColdStart({
    http,
    timeline,
    proxyUrl: `http://${proxy}`,
    adminUrl,
    host: HOST,
    app: APP,
    scaledownPeriodSeconds: SCALEDOWN_PERIOD,
  });
  await http.close();
  print('');
  print(`Cold start of ${APP.namespace}/${APP.name} (times in ms after the request was sent):`);
  for (const line of formatStory(story.steps)) print(`  ${line}`);

  const lines = banner({
    apiUrl: cluster.url,
    kubeconfig: cluster.kubeconfig,
    kubectl: kubectlPath(),
    logDir: cluster.logDir,
    proxy,
    interceptorAdmin: adminUrl.slice('http://'.length),
    interceptorMetrics: await endpoint('keda-add-ons-http-interceptor-metrics', 'metrics'),
    operatorAdmin: await endpoint(SERVICES.operatorAdmin, 'admin'),
    scalerGrpc: await endpoint(SERVICES.scaler, 'grpc'),
    scalerAdmin: await endpoint(SERVICES.scaler, 'admin'),
    host: HOST,
    app: `${APP.namespace}/${APP.name}`,
    scaledownPeriodSeconds: SCALEDOWN_PERIOD,
  });
  kubectl.dispose();
  for (const line of lines) print(line);
  if (env['DEMO_EXIT_AFTER_TIMELINE'] === '1') await stop(0);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  for (const line of cluster?.output().slice(-20) ?? []) process.stderr.write(`  devcluster: ${line}\n`);
  await stop(1);
});
