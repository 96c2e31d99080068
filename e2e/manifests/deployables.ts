// The three deployables as the manifests must run them: their Deployment, image, container ports and probes,
// and their own config schema and loader (the source files, so no build is needed), which the tests run on
// the env the manifests set.
import {
  configSchema as operatorSchema,
  loadConfig as loadOperatorConfig,
} from '../../packages/operator/src/config.js';
import {
  configSchema as interceptorSchema,
  loadConfig as loadInterceptorConfig,
} from '../../packages/interceptor/src/config.js';
import {
  configSchema as scalerSchema,
  loadConfig as loadScalerConfig,
} from '../../packages/scaler/src/config.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface Probe {
  readonly kind: 'httpGet' | 'grpc';
  readonly path?: string;
  readonly port: string | number;
  readonly service?: string;
}

export interface Deployable {
  readonly component: 'operator' | 'interceptor' | 'scaler';
  readonly deployment: string;
  /** The image repository, without tag. */
  readonly image: string;
  /** Container ports by name. */
  readonly ports: Readonly<Record<string, number>>;
  readonly liveness: Probe;
  readonly readiness: Probe;
  /** The variables the schema reads, current names only. */
  readonly variables: ReadonlySet<string>;
  /** Deprecated names the schema still reads (the manifests must not use them). */
  readonly deprecated: ReadonlySet<string>;
  load(env: Env): { config: Readonly<Record<string, unknown>>; warnings: readonly unknown[] };
}

interface SchemaLike {
  readonly fields: Readonly<
    Record<string, { readonly env: string; readonly deprecatedNames: readonly string[] }>
  >;
}

const variablesOf = (schema: SchemaLike) => new Set(Object.values(schema.fields).map((f) => f.env));
const deprecatedOf = (schema: SchemaLike) =>
  new Set(Object.values(schema.fields).flatMap((f) => [...f.deprecatedNames]));

const live: Probe = { kind: 'httpGet', path: '/livez', port: 'admin' };
const ready: Probe = { kind: 'httpGet', path: '/readyz', port: 'admin' };

export const DEPLOYABLES: readonly Deployable[] = [
  {
    component: 'operator',
    deployment: 'keda-add-ons-http-operator',
    image: 'ghcr.io/keda-http/operator',
    ports: { admin: 9090 },
    liveness: live,
    readiness: ready,
    variables: variablesOf(operatorSchema),
    deprecated: deprecatedOf(operatorSchema),
    load: (env) => loadOperatorConfig(env),
  },
  {
    component: 'interceptor',
    deployment: 'keda-add-ons-http-interceptor',
    image: 'ghcr.io/keda-http/interceptor',
    ports: { proxy: 8080, admin: 9090, metrics: 2223 },
    liveness: live,
    readiness: ready,
    variables: variablesOf(interceptorSchema),
    deprecated: deprecatedOf(interceptorSchema),
    load: (env) => loadInterceptorConfig(env),
  },
  {
    component: 'scaler',
    deployment: 'keda-add-ons-http-external-scaler',
    image: 'ghcr.io/keda-http/scaler',
    ports: { grpc: 9090, admin: 9091 },
    liveness: live,
    readiness: { kind: 'grpc', port: 9090, service: 'readiness' },
    variables: variablesOf(scalerSchema),
    deprecated: deprecatedOf(scalerSchema),
    load: (env) => loadScalerConfig(env),
  },
];

export function deployable(component: Deployable['component']): Deployable {
  const found = DEPLOYABLES.find((d) => d.component === component);
  if (found === undefined) throw new Error(`no deployable ${component}`);
  return found;
}
