// Installs the add-on's CRDs (config/crd/bases/*.yaml, generated from packages/api by `make manifests`) into
// a test cluster through its HTTP API, the way `kubectl apply` would, so tests exercise the same schemas and
// CEL rules users get. A transform can alter them first: withoutValidationRules() stands for an older CRD
// that lacks the x-kubernetes-validations rules, to test what a controller does with objects they would reject.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export type CrdDocument = Record<string, unknown> & { metadata: { name: string } };

export interface InstallCrdsOptions {
  /** Applied to each CRD before it is sent. */
  readonly transform?: (crd: CrdDocument) => CrdDocument;
  /** Directory of CRD YAML files; default config/crd/bases of this repository. */
  readonly dir?: string;
}

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

export const defaultCrdDir = (): string =>
  fileURLToPath(new URL('../../../config/crd/bases/', import.meta.url));

/** Reads every `*.yaml` CRD in the directory, sorted by file name. */
export async function readCrds(dir = defaultCrdDir()): Promise<CrdDocument[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(files.map(async (f) => parse(await readFile(`${dir}/${f}`, 'utf8')) as CrdDocument));
}

/**
 * Creates (or replaces) each CRD on the API server at `serverUrl` (a devcluster URL; no authentication) and
 * returns their names. Throws with the server's message when one is rejected.
 */
export async function installCrds(serverUrl: string, opts: InstallCrdsOptions = {}): Promise<string[]> {
  const crds = (await readCrds(opts.dir)).map((c) => (opts.transform ? opts.transform(c) : c));
  const send = async (method: string, path: string, body: unknown): Promise<Response> =>
    fetch(`${serverUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  for (const crd of crds) {
    let res = await send('POST', CRD_PATH, crd);
    if (res.status === 409) {
      const live = (await (
        await fetch(`${serverUrl}${CRD_PATH}/${crd.metadata.name}`)
      ).json()) as CrdDocument;
      const resourceVersion = (live.metadata as { resourceVersion?: string }).resourceVersion;
      res = await send('PUT', `${CRD_PATH}/${crd.metadata.name}`, {
        ...crd,
        metadata: { ...crd.metadata, resourceVersion },
      });
    }
    if (!res.ok) throw new Error(`installing CRD ${crd.metadata.name}: ${res.status} ${await res.text()}`);
  }
  return crds.map((c) => c.metadata.name);
}

/** A deep copy without any `x-kubernetes-validations` (CEL rules). */
export function withoutValidationRules<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutValidationRules(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== 'x-kubernetes-validations') out[k] = withoutValidationRules(v);
  }
  return out as T;
}
