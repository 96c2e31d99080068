// A container's environment, as the kubelet would build it, plus what stands in for the cluster around it:
// `envFrom`, then `env` (literal values with `$(VAR)` expansion, `valueFrom.fieldRef`, `configMapKeyRef`,
// `secretKeyRef`), layered over the image's own env and devcluster's additions: HOSTNAME (the pod name), PORT
// (the first containerPort), KUBECONFIG (the in-cluster config's stand-in), POD_IP and the listen shim in
// NODE_OPTIONS. A reference that cannot be resolved is a CreateContainerConfigError, as on a real node.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';

export interface EnvSources {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
}

export interface ContainerEnvOptions {
  readonly pod: KubeObject;
  readonly container: JsonObject;
  readonly podIp: string;
  readonly kubeconfigPath: string;
  /** The image map entry's env. */
  readonly imageEnv: Readonly<Record<string, string>>;
  /** Taken from devcluster's own environment (PATH, HOME…), so local commands can be found. */
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  /** NODE_OPTIONS additions (the listen shim). */
  readonly nodeOptions: readonly string[];
  readonly sources: EnvSources;
}

export type ContainerEnv =
  | { readonly ok: true; readonly env: Record<string, string> }
  | { readonly ok: false; readonly message: string };

const HOST_VARIABLES = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'USER'];

const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Expands `$(NAME)` from `vars`; `$$` is a literal `$`; unknown references stay as written. */
export function expandReferences(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) =>
    match === '$$' ? '$' : (vars[name as string] ?? match),
  );
}

/** The first `containerPort` of a container, if it declares one. */
export function firstContainerPort(container: JsonObject): number | undefined {
  const port = objects(container['ports'])[0]?.['containerPort'];
  return typeof port === 'number' ? port : undefined;
}

class ConfigError extends Error {}

function fieldValue(pod: KubeObject, podIp: string, path: string): string {
  const meta = pod.metadata;
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (keyed !== null)
    return str((keyed[1] === 'labels' ? meta.labels : meta.annotations)?.[keyed[2] as string]);
  switch (path) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'status.podIP':
    case 'status.podIPs':
      return podIp;
    case 'status.hostIP':
    case 'status.hostIPs':
      return '127.0.0.1';
    case 'spec.nodeName':
      return str(spec['nodeName']);
    case 'spec.serviceAccountName':
      return str(spec['serviceAccountName']);
    default:
      throw new ConfigError(`unsupported fieldRef fieldPath "${path}"`);
  }
}

function keyRef(o: ContainerEnvOptions, kind: 'ConfigMap' | 'Secret', ref: JsonObject): string | undefined {
  const namespace = o.pod.metadata.namespace ?? 'default';
  const name = str(ref['name']);
  const key = str(ref['key']);
  const optional = ref['optional'] === true;
  const source =
    kind === 'ConfigMap' ? o.sources.configMap(namespace, name) : o.sources.secret(namespace, name);
  if (source === undefined) {
    if (optional) return undefined;
    throw new ConfigError(`${kind.toLowerCase()} "${name}" not found`);
  }
  const data = isJsonObject(source['data']) ? source['data'] : {};
  const value = data[key];
  if (typeof value !== 'string') {
    if (optional) return undefined;
    throw new ConfigError(`couldn't find key ${key} in ${kind} ${namespace}/${name}`);
  }
  return kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
}

function fromEnvFrom(o: ContainerEnvOptions, into: Record<string, string>): void {
  const namespace = o.pod.metadata.namespace ?? 'default';
  for (const item of objects(o.container['envFrom'])) {
    const prefix = str(item['prefix']);
    const kind = isJsonObject(item['configMapRef'])
      ? 'ConfigMap'
      : isJsonObject(item['secretRef'])
        ? 'Secret'
        : undefined;
    if (kind === undefined) continue;
    const ref = (kind === 'ConfigMap' ? item['configMapRef'] : item['secretRef']) as JsonObject;
    const name = str(ref['name']);
    const source =
      kind === 'ConfigMap' ? o.sources.configMap(namespace, name) : o.sources.secret(namespace, name);
    if (source === undefined) {
      if (ref['optional'] === true) continue;
      throw new ConfigError(`${kind.toLowerCase()} "${name}" not found`);
    }
    const data = isJsonObject(source['data']) ? source['data'] : {};
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'string') continue;
      into[prefix + k] = kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
    }
  }
}

function fromEnv(o: ContainerEnvOptions, into: Record<string, string>): void {
  for (const item of objects(o.container['env'])) {
    const name = str(item['name']);
    if (name === '') continue;
    const from = item['valueFrom'];
    if (!isJsonObject(from)) {
      into[name] = expandReferences(str(item['value']), into);
      continue;
    }
    let value: string | undefined;
    if (isJsonObject(from['fieldRef']))
      value = fieldValue(o.pod, o.podIp, str(from['fieldRef']['fieldPath']));
    else if (isJsonObject(from['configMapKeyRef'])) value = keyRef(o, 'ConfigMap', from['configMapKeyRef']);
    else if (isJsonObject(from['secretKeyRef'])) value = keyRef(o, 'Secret', from['secretKeyRef']);
    // resourceFieldRef (limits and requests) is not emulated: the variable is left out.
    if (value !== undefined) into[name] = value;
  }
}

export function containerEnv(o: ContainerEnvOptions): ContainerEnv {
  const env: Record<string, string> = {};
  for (const name of HOST_VARIABLES) {
    const value = o.hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  env['HOSTNAME'] = o.pod.metadata.name ?? '';
  Object.assign(env, o.imageEnv);
  const port = firstContainerPort(o.container);
  if (port !== undefined) env['PORT'] = String(port);
  env['KUBECONFIG'] = o.kubeconfigPath;
  try {
    fromEnvFrom(o, env);
    fromEnv(o, env);
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, message: err.message };
    throw err;
  }
  env['POD_IP'] = o.podIp;
  env['NODE_OPTIONS'] = [env['NODE_OPTIONS'] ?? '', ...o.nodeOptions].filter((x) => x !== '').join(' ');
  return { ok: true, env };
}
