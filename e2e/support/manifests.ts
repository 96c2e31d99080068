// The manifests a user writes for an app behind the add-on: a Deployment of devcluster's built-in
// `keda-http/echo` image (at 0 replicas unless told otherwise) with its Service, and the HTTPScaledObject,
// InterceptorRoute or ScaledObject that routes and scales it. Objects are plain data, applied as YAML with
// the real kubectl.
import { stringify } from 'yaml';

export type Manifest = Record<string, unknown>;

/** The external scaler's address as every ScaledObject names it (SPEC §6). */
export const SCALER_ADDRESS = 'keda-add-ons-http-external-scaler.keda:9090';

export const namespaceManifest = (name: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

export interface EchoAppOptions {
  readonly namespace: string;
  readonly name: string;
  /** Deployment replicas (default 0: KEDA brings it up). */
  readonly replicas?: number;
  /** The container's readiness probe; default none (ready once its port accepts connections). */
  readonly readinessProbe?: Record<string, unknown>;
  /** Another image that behaves like the echo app (default `keda-http/echo`). */
  readonly image?: string;
}

/** A Deployment `name` of `keda-http/echo` and a Service `name` (port 80, named http, to the container's 8080). */
export function echoApp(o: EchoAppOptions): Manifest[] {
  const labels = { app: o.name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: o.name, namespace: o.namespace },
      spec: {
        replicas: o.replicas ?? 0,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            terminationGracePeriodSeconds: 5,
            containers: [
              {
                name: 'app',
                image: o.image ?? 'keda-http/echo',
                ports: [{ name: 'http', containerPort: 8080 }],
                ...(o.readinessProbe !== undefined ? { readinessProbe: o.readinessProbe } : {}),
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: o.name, namespace: o.namespace },
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
  ];
}

export interface HttpScaledObjectOptions {
  readonly namespace: string;
  readonly name: string;
  /** The Deployment and Service (default: `name`). */
  readonly app?: string;
  readonly spec?: Record<string, unknown>;
  readonly annotations?: Record<string, string>;
}

/** An HTTPScaledObject for the echo app: port 80 of its Service, 0 to 1 replicas, unless `spec` says otherwise. */
export function httpScaledObject(o: HttpScaledObjectOptions): Manifest {
  const app = o.app ?? o.name;
  const spec = o.spec ?? {};
  const targetRef = (spec['scaleTargetRef'] as Record<string, unknown> | undefined) ?? {
    name: app,
    service: app,
    port: 80,
  };
  return {
    apiVersion: 'http.keda.sh/v1alpha1',
    kind: 'HTTPScaledObject',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      ...(o.annotations !== undefined ? { annotations: o.annotations } : {}),
    },
    spec: { replicas: { min: 0, max: 1 }, ...spec, scaleTargetRef: targetRef },
  };
}

export interface InterceptorRouteOptions {
  readonly namespace: string;
  readonly name: string;
  readonly spec: Record<string, unknown>;
}

export const interceptorRoute = (o: InterceptorRouteOptions): Manifest => ({
  apiVersion: 'http.keda.sh/v1beta1',
  kind: 'InterceptorRoute',
  metadata: { name: o.name, namespace: o.namespace },
  spec: o.spec,
});

export interface ScaledObjectOptions {
  readonly namespace: string;
  readonly name: string;
  /** The Deployment to scale. */
  readonly target: string;
  /** The trigger's metadata besides scalerAddress: `{httpScaledObject: n}` or `{interceptorRoute: n}`. */
  readonly metadata: Record<string, string>;
  readonly min?: number;
  readonly max?: number;
  readonly cooldownPeriod?: number;
}

/** The ScaledObject a user writes by hand: one `external-push` trigger pointing at the add-on's scaler. */
export const scaledObject = (o: ScaledObjectOptions): Manifest => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: o.name, namespace: o.namespace },
  spec: {
    scaleTargetRef: { name: o.target },
    minReplicaCount: o.min ?? 0,
    maxReplicaCount: o.max ?? 1,
    cooldownPeriod: o.cooldownPeriod ?? 300,
    triggers: [{ type: 'external-push', metadata: { scalerAddress: SCALER_ADDRESS, ...o.metadata } }],
  },
});

/**
 * Several objects as one multi-document YAML stream, for `kubectl apply -f -`. Written as YAML 1.1, which is
 * what kubectl reads: strings such as `yes` or `on` are quoted, or kubectl would read booleans.
 */
export const toYaml = (objects: readonly Manifest[]): string =>
  objects.map((o) => stringify(o, { version: '1.1' })).join('---\n');
