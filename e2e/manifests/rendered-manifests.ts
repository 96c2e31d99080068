// The add-on's manifests as users get them: config/default rendered by the pinned kubectl's kustomize, and the
// Helm chart rendered by the pinned helm, parsed into objects for the tests to inspect.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helmPath, kubectlPath, repoRoot, runTool } from '@keda-http/devcluster/testing';

export interface KubeDoc {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

export const CHART_DIR = join(repoRoot(), 'charts', 'keda-add-ons-http');

/** Every non-empty document of a multi-document YAML text. */
export function parseDocuments(text: string): KubeDoc[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d): d is KubeDoc => typeof d === 'object' && d !== null);
}

/** `kubectl kustomize <dir>` (relative to the repository root); throws with kubectl's stderr on failure. */
export async function renderKustomize(dir = 'config/default'): Promise<KubeDoc[]> {
  const result = await runTool(kubectlPath(), ['kustomize', join(repoRoot(), dir)]);
  if (result.code !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`);
  return parseDocuments(result.stdout);
}

export interface HelmRenderOptions {
  /** Values, as YAML text (passed with `-f -`). */
  readonly values?: string;
  readonly release?: string;
  readonly namespace?: string;
  /** Also render the crds/ directory. */
  readonly includeCrds?: boolean;
}

/** Runs helm with private cache, config and data homes (no cluster is contacted). */
export async function runHelm(
  args: readonly string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'helm-render-'));
  try {
    return await runTool(helmPath(), args, {
      input,
      env: {
        ...process.env,
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
      },
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** `helm template`; resolves with helm's result so tests can also check refusals. */
export async function helmTemplate(options: HelmRenderOptions = {}) {
  const args = [
    'template',
    options.release ?? 'keda-add-ons-http',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'keda',
  ];
  if (options.includeCrds) args.push('--include-crds');
  if (options.values !== undefined) args.push('--values', '-');
  return runHelm(args, options.values);
}

/** `helm template`, parsed; throws with helm's stderr on failure. */
export async function renderHelm(options: HelmRenderOptions = {}): Promise<KubeDoc[]> {
  const result = await helmTemplate(options);
  if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseDocuments(result.stdout);
}

export const ofKind = (docs: readonly KubeDoc[], kind: string): KubeDoc[] =>
  docs.filter((d) => d.kind === kind);

/** The one object of that kind and name; throws naming what is there instead. */
export function named(docs: readonly KubeDoc[], kind: string, name: string): KubeDoc {
  const found = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (found === undefined) {
    const have = ofKind(docs, kind).map((d) => d.metadata.name);
    throw new Error(`no ${kind} ${name}; the ${kind}s are: ${have.join(', ') || 'none'}`);
  }
  return found;
}
