// The benchmark entry point (bench/README.md "interceptor"; the harness contract of ../shared/bench/run.sh):
// `PORT=… BACKEND_URL=http://127.0.0.1:… node packages/interceptor/dist/bench-main.js` routes Host bench.local
// (any path) to BACKEND_URL without a Kubernetes API. It runs createInterceptor with the production pipeline
// and settings; only the sources differ: a fixed one-route table and a fixed EndpointSlice that lists the
// backend as the Service's one ready endpoint (direct pod routing to it, as in production). The admin and
// metrics servers listen on free ports. SIGTERM or SIGINT stops it.
import { createLogger } from '@keda-http/runtime';
import type { Route } from '@keda-http/routing';
import { benchSettingsFromProcess, loadConfig } from './config.js';
import { createInterceptor } from './interceptor.js';
import { staticEndpoints, staticServices, staticTable } from './standalone/static-sources.js';

const BENCH_HOST = 'bench.local';

async function main(): Promise<void> {
  const { port, backendUrl, env } = benchSettingsFromProcess();
  const { config } = loadConfig({
    ...env,
    KEDA_HTTP_PROXY_PORT: String(port),
    KEDA_HTTP_ADMIN_PORT: '0',
    OTEL_PROM_EXPORTER_PORT: '0',
  });
  const logger = createLogger({ name: 'interceptor-bench', level: config.logLevel });
  const backend = {
    namespace: 'bench',
    service: 'backend',
    addresses: [backendUrl.hostname],
    port: Number(backendUrl.port || 80),
    portName: 'http',
  };
  const route: Route = {
    kind: 'HTTPScaledObject',
    namespace: backend.namespace,
    name: 'bench',
    key: `${backend.namespace}/bench`,
    creationTimestamp: new Date(0).toISOString(),
    rules: [{ hosts: [BENCH_HOST], paths: ['/'], headers: [] }],
    target: { service: backend.service, port: backend.port },
    scaleTarget: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
    scaling: { targetPendingRequests: 100 },
    timeouts: {},
    staticRoutes: [],
  };
  const interceptor = createInterceptor(config, {
    logger,
    endpoints: staticEndpoints([backend]),
    services: staticServices([backend]),
    deployments: () => undefined,
    tables: staticTable([route]),
  });
  await interceptor.listen();
  // Closing every server and connection lets the process end by itself.
  const stop = (): void => {
    void interceptor.drain(AbortSignal.timeout(1_000)).then(() => interceptor.close());
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`interceptor-bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
  // Nothing else may keep it alive: a half-started interceptor has open servers.
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 100).unref();
});
