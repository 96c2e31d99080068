// Typed views of the rendered Deployments and Services the tests inspect, and the two computations they
// need: a container's environment as the kubelet would build it from the manifest (literal values and the
// downward API's metadata.namespace), and Kubernetes quantities as numbers.
import type { KubeDoc } from './rendered-manifests.js';

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly fieldRef?: { readonly fieldPath: string } };
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly env?: readonly EnvVar[];
  readonly ports?: readonly ContainerPort[];
  readonly livenessProbe?: Record<string, unknown>;
  readonly readinessProbe?: Record<string, unknown>;
  readonly resources?: {
    readonly requests?: Record<string, string | number>;
    readonly limits?: Record<string, string | number>;
  };
  readonly securityContext?: Record<string, unknown>;
}

export interface PodSpec {
  readonly serviceAccountName?: string;
  readonly securityContext?: Record<string, unknown>;
  readonly terminationGracePeriodSeconds?: number;
  readonly containers: readonly Container[];
}

export interface Deployment extends KubeDoc {
  readonly spec: {
    readonly replicas?: number;
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly template: {
      readonly metadata: { readonly labels: Record<string, string> };
      readonly spec: PodSpec;
    };
  };
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
}

export interface Service extends KubeDoc {
  readonly spec: { readonly selector: Record<string, string>; readonly ports: readonly ServicePort[] };
}

/** The Deployment's only container (each deployable runs one). */
export function onlyContainer(deployment: Deployment): Container {
  const containers = deployment.spec.template.spec.containers;
  if (containers.length !== 1) {
    throw new Error(`${deployment.metadata.name} has ${containers.length} containers, expected 1`);
  }
  return containers[0] as Container;
}

/** The container's env as the process would see it; throws on a source the add-on has no business using. */
export function resolvedEnv(deployment: Deployment, container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace')
      env[e.name] = deployment.metadata.namespace ?? '';
    else if (e.valueFrom === undefined) env[e.name] = '';
    else throw new Error(`${e.name}: unexpected valueFrom ${JSON.stringify(e.valueFrom)}`);
  }
  return env;
}

export function portNamed(container: Container, name: string): number | undefined {
  return container.ports?.find((p) => p.name === name)?.containerPort;
}

/** Does the selector pick the Deployment's pods? */
export function selects(selector: Record<string, string>, deployment: Deployment): boolean {
  const labels = deployment.spec.template.metadata.labels;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

const SUFFIX: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A Kubernetes quantity (`250m`, `"1"`, `0.5`, `128Mi`) as a number. */
export function quantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(value);
  const factor = m === null ? undefined : m[2] === '' ? 1 : SUFFIX[m[2] as string];
  if (m === null || factor === undefined) throw new Error(`not a quantity: ${JSON.stringify(value)}`);
  return Number(m[1]) * factor;
}
