// Runs the scaler in-process for a test: against a devcluster (given by its kubeconfig), with fake interceptor
// pods listed in a real EndpointSlice of the interceptor admin Service, a fake operator serving the routing
// table, and a gRPC client. Everything uses real sockets; close() undoes it all.
import {
  SERVICE_NAME_LABEL,
  builtinResources,
  createKubeClient,
  createOrUpdate,
  loadKubeConfig,
  type EndpointSlice,
  type KubeClient,
} from '@keda-http/k8s';
import type { Route } from '@keda-http/routing';
import { createLogger } from '@keda-http/runtime';
import { loadConfig, type ScalerConfig } from '../config.js';
import { createScaler, type Scaler } from '../scaler.js';
import type { FakeInterceptor, FakeInterceptorGroup } from './fake-interceptors.js';
import { startFakeOperator, type FakeOperator } from './fake-operator.js';
import { createScalerClient, type ScalerClient } from './scaler-client.js';

export const TEST_NAMESPACE = 'keda';
export const TEST_SERVICE = 'keda-add-ons-http-interceptor-admin';

export interface ScalerHarnessOptions {
  readonly kubeconfigPath: string;
  readonly interceptors: FakeInterceptorGroup;
  readonly routes: readonly Route[];
  /** Extra settings, as environment variables (e.g. KEDA_HTTP_QUEUE_TICK_DURATION). */
  readonly env?: Readonly<Record<string, string>>;
  /** The pods listed at start; default every pod of the group. */
  readonly listed?: readonly FakeInterceptor[];
}

export interface ScalerHarness {
  readonly scaler: Scaler;
  readonly config: ScalerConfig;
  readonly client: ScalerClient;
  readonly operator: FakeOperator;
  readonly kube: KubeClient;
  /** `http://127.0.0.1:<admin port>` */
  readonly adminUrl: string;
  readonly grpcPort: number;
  /** The scaler's log, one JSON line each. */
  readonly logs: string[];
  /** Lists exactly these pods (ready) in the interceptor admin Service's EndpointSlice. */
  setEndpoints(pods: readonly FakeInterceptor[], notReady?: readonly FakeInterceptor[]): Promise<void>;
  close(): Promise<void>;
}

export async function startScalerHarness(options: ScalerHarnessOptions): Promise<ScalerHarness> {
  const kube = createKubeClient(loadKubeConfig({ path: options.kubeconfigPath }));
  if ((await kube.get(builtinResources.namespaces, TEST_NAMESPACE)) === undefined) {
    await kube.create(builtinResources.namespaces, { metadata: { name: TEST_NAMESPACE } });
  }
  const setEndpoints = async (
    pods: readonly FakeInterceptor[],
    notReady: readonly FakeInterceptor[] = [],
  ): Promise<void> => {
    const desired: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${TEST_SERVICE}-fake`,
        namespace: TEST_NAMESPACE,
        labels: { [SERVICE_NAME_LABEL]: TEST_SERVICE },
      },
      addressType: 'IPv4',
      endpoints: [
        ...pods.map((p) => ({ addresses: [p.address], conditions: { ready: true } })),
        ...notReady.map((p) => ({ addresses: [p.address], conditions: { ready: false } })),
      ],
      ports: [{ name: 'admin', port: options.interceptors.port, protocol: 'TCP' }],
    };
    await createOrUpdate({
      client: kube,
      resource: builtinResources.endpointSlices,
      desired,
      merge: (live, want) => ({ ...live, endpoints: want.endpoints, ports: want.ports }),
    });
  };
  await setEndpoints(options.listed ?? options.interceptors.pods);

  const operator = await startFakeOperator(options.routes);
  const { config } = loadConfig({
    KUBECONFIG: options.kubeconfigPath,
    KEDA_HTTP_SCALER_PORT: '0',
    KEDA_HTTP_HEALTH_PORT: '0',
    KEDA_HTTP_SCALER_TARGET_ADMIN_NAMESPACE: TEST_NAMESPACE,
    KEDA_HTTP_SCALER_TARGET_ADMIN_SERVICE: TEST_SERVICE,
    KEDA_HTTP_SCALER_TARGET_ADMIN_PORT: String(options.interceptors.port),
    KEDA_HTTP_OPERATOR_ADMIN_URL: operator.url,
    KEDA_HTTP_LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const logger = createLogger({
    name: 'scaler',
    level: config.logLevel,
    destination: { write: (s: string) => void logs.push(s) },
  });
  const scaler = createScaler(config, { logger, kube });
  let client: ScalerClient | undefined;
  try {
    const { grpc, admin } = await scaler.start();
    await scaler.ready();
    client = createScalerClient(`127.0.0.1:${grpc.port}`);
    return {
      scaler,
      config,
      client,
      operator,
      kube,
      adminUrl: `http://127.0.0.1:${admin.port}`,
      grpcPort: grpc.port,
      logs,
      setEndpoints,
      async close() {
        client?.close();
        await scaler.stop();
        await operator.close();
      },
    };
  } catch (err) {
    client?.close();
    await scaler.stop().catch(() => undefined);
    await operator.close();
    throw err;
  }
}
