// The pinned kubectl and helm of this repository (.tools/bin, installed by scripts/setup-tools.mjs), run
// with per-test state: kubectl with its own --cache-dir, helm with its own cache, config and data homes.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DevClusterError } from '../errors.js';
import { runTool, spawnTool, type RunningTool, type RunOptions, type ToolResult } from './run-tool.js';

/** The repository root (this file is at packages/devcluster/{src,dist}/testing/). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
}

function tool(name: 'kubectl' | 'helm'): string {
  const path = join(repoRoot(), '.tools', 'bin', name);
  if (!existsSync(path)) {
    throw new DevClusterError(
      'TOOL_NOT_FOUND',
      `${path} is missing: run \`node scripts/setup-tools.mjs\` (vitest's global setup does)`,
    );
  }
  return path;
}

export const kubectlPath = (): string => tool('kubectl');
export const helmPath = (): string => tool('helm');

export interface ToolRunner {
  run(args: readonly string[], options?: RunOptions): Promise<ToolResult>;
  /** Starts a long-running command (`get -w`, `proxy`). */
  spawn(args: readonly string[]): RunningTool;
  /** Removes the temporary directories this runner created. */
  dispose(): void;
}

export interface KubectlRunner extends ToolRunner {
  readonly cacheDir: string;
}

/** kubectl with `--kubeconfig` and a private `--cache-dir` (discovery is cached per host:port). */
export function createKubectl(options: { kubeconfig: string; cacheDir?: string }): KubectlRunner {
  const made = options.cacheDir === undefined ? mkdtempSync(join(tmpdir(), 'kubectl-cache-')) : undefined;
  const cacheDir = made ?? options.cacheDir ?? '';
  const bin = kubectlPath();
  const full = (args: readonly string[]): string[] => [
    '--kubeconfig',
    options.kubeconfig,
    '--cache-dir',
    cacheDir,
    ...args,
  ];
  return {
    cacheDir,
    run: (args, runOptions) => runTool(bin, full(args), runOptions),
    spawn: (args) => spawnTool(bin, full(args)),
    dispose() {
      if (made !== undefined) rmSync(made, { recursive: true, force: true });
    },
  };
}

export interface HelmRunner extends ToolRunner {
  readonly home: string;
}

/** helm with `--kubeconfig` and private HELM_CACHE_HOME, HELM_CONFIG_HOME and HELM_DATA_HOME. */
export function createHelm(options: { kubeconfig: string; home?: string }): HelmRunner {
  const made = options.home === undefined ? mkdtempSync(join(tmpdir(), 'helm-home-')) : undefined;
  const home = made ?? options.home ?? '';
  const bin = helmPath();
  const env = {
    ...process.env,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  const full = (args: readonly string[]): string[] => ['--kubeconfig', options.kubeconfig, ...args];
  return {
    home,
    run: (args, runOptions) =>
      runTool(bin, full(args), { ...runOptions, env: { ...env, ...runOptions?.env } }),
    spawn: (args) => spawnTool(bin, full(args), { env }),
    dispose() {
      if (made !== undefined) rmSync(made, { recursive: true, force: true });
    },
  };
}
