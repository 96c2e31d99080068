// @keda-http/operator/testing: runs the operator in-process for tests and benchmarks, against any API server
// reachable through a kubeconfig (devcluster in this repository). Nothing here is a fake: it is the real
// operator with its admin server listening on a free port.
import { loadKubeConfig, type KubeObject } from '@keda-http/k8s';
import { createLogger, type LogLevel } from '@keda-http/runtime';
import { listenUnspecified } from './admin-listen.js';
import { loadConfig, type OperatorConfig } from './config.js';
import { createOperator, type Operator, type OperatorDeps } from './operator.js';

export interface TestOperatorOptions {
  readonly kubeconfigPath: string;
  /** Extra environment; KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE defaults to keda-add-ons-http-external-scaler. */
  readonly env?: Readonly<Record<string, string>>;
  readonly identity?: string;
  /** Default 'warn'. */
  readonly logLevel?: LogLevel;
  readonly deps?: Partial<Pick<OperatorDeps, 'tableDebounceMs' | 'concurrency' | 'metricsRegistry'>>;
  /** Wait for start() (caches synced, first table built); default true. */
  readonly waitForStart?: boolean;
}

export interface TestOperator {
  readonly operator: Operator;
  readonly config: OperatorConfig;
  /** `http://127.0.0.1:<admin port>` */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startTestOperator(opts: TestOperatorOptions): Promise<TestOperator> {
  const { config } = loadConfig({
    KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: 'keda-add-ons-http-external-scaler',
    KEDA_HTTP_OPERATOR_ADMIN_PORT: '0',
    ...opts.env,
  });
  const logger = createLogger({ name: 'operator', level: opts.logLevel ?? 'warn' });
  const operator = createOperator(config, {
    logger,
    kubeConfig: loadKubeConfig({ path: opts.kubeconfigPath }),
    ...(opts.identity !== undefined ? { identity: opts.identity } : {}),
    ...opts.deps,
  });
  const address = await listenUnspecified(operator.admin, config.adminPort, 'admin', logger);
  let stopped: Promise<void> | undefined;
  const test: TestOperator = {
    operator,
    config,
    url: `http://127.0.0.1:${address.port}`,
    stop: () => (stopped ??= operator.stop()),
  };
  if (opts.waitForStart ?? true) {
    try {
      await operator.start();
    } catch (err) {
      await test.stop();
      throw err;
    }
  } else {
    void operator.start().catch(() => undefined);
  }
  return test;
}

/** Builders for the objects tests create; every field has a plain default. */
export function testHttpScaledObject(
  namespace: string,
  name: string,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'http.keda.sh/v1alpha1',
    kind: 'HTTPScaledObject',
    metadata: { name, namespace, ...metadata },
    spec: {
      hosts: [`${name}.${namespace}.example.com`],
      scaleTargetRef: { name, service: name, port: 8080 },
      ...spec,
    },
  };
}

export function testInterceptorRoute(
  namespace: string,
  name: string,
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'http.keda.sh/v1beta1',
    kind: 'InterceptorRoute',
    metadata: { name, namespace },
    spec: {
      target: { service: name, port: 8080 },
      rules: [{ hosts: [`${name}.${namespace}.example.com`] }],
      scalingMetric: { concurrency: { targetValue: 10 } },
      ...spec,
    },
  };
}

export function testService(
  namespace: string,
  name: string,
  ports: ReadonlyArray<{ name?: string; port: number }> = [{ name: 'http', port: 8080 }],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: ports.map((p) => ({ ...p, targetPort: p.port })) },
  };
}

export const testNamespace = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

/** The Ready condition of an object as the server returned it. */
export function readyConditionOf(
  obj: KubeObject | undefined,
): { status: string; reason: string; message: string; observedGeneration?: number } | undefined {
  const conditions = (obj?.status as { conditions?: Array<{ type: string }> } | undefined)?.conditions;
  return conditions?.find((c) => c.type === 'Ready') as ReturnType<typeof readyConditionOf>;
}
