// devcluster as a user runs it: the built CLI (`devcluster up`) in a process of its own, with the image map
// that plays the add-on's images from this tree (config/devcluster/images.yaml). The e2e scenarios, the demo
// and bench/e2e all start it this way, so every part of the system is a real process built from the tree.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '@keda-http/devcluster/testing';

export interface DevclusterProcessOptions {
  /** Where the kubeconfig (`<dir>/kubeconfig`) and the pods' logs (`<dir>/logs`) go. */
  readonly dir: string;
  /** Image map; default config/devcluster/images.yaml. */
  readonly images?: string;
  /** The emulated HPA's sync period, e.g. `1s`. */
  readonly hpaSyncPeriod?: string;
  /** Upper bound on readiness probe periods, e.g. `250ms`. */
  readonly probePeriodCap?: string;
  /** First pod IP (127.x.y.z); several clusters on one machine each take their own range. */
  readonly podIpStart?: string;
  /** Run pods and emulate KEDA (default true); false gives a bare API server. */
  readonly workloads?: boolean;
  /**
   * Start it in a process group of its own, so that a Ctrl-C in the terminal reaches only our process, which
   * then stops devcluster once (the demo). Default false: tests keep it in their group.
   */
  readonly detached?: boolean;
  /** Called with the process id as soon as it is spawned, before it is ready (to stop it if start-up is cut short). */
  readonly onSpawn?: (pid: number) => void;
}

export interface DevclusterProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly kubeconfig: string;
  readonly logDir: string;
  readonly pid: number;
  /** What it printed (the ready line; errors, if any). */
  output(): string[];
  readonly running: boolean;
  /** SIGTERM, then waits until devcluster has ended every pod process and exited; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | string>;
}

const READY = /^devcluster ready: (\S+) kubeconfig=(\S+)$/;

export const defaultImageMap = (): string => join(repoRoot(), 'config', 'devcluster', 'images.yaml');
export const devclusterCli = (): string => join(repoRoot(), 'packages', 'devcluster', 'dist', 'cli.js');

export async function startDevclusterProcess(o: DevclusterProcessOptions): Promise<DevclusterProcess> {
  const kubeconfig = join(o.dir, 'kubeconfig');
  const logDir = join(o.dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const args = [devclusterCli(), 'up', '--kubeconfig', kubeconfig, '--quiet', '--log-dir', logDir];
  if (o.workloads === false) args.push('--no-workloads', '--no-keda');
  else args.push('--images', o.images ?? defaultImageMap());
  if (o.hpaSyncPeriod !== undefined) args.push('--hpa-sync-period', o.hpaSyncPeriod);
  if (o.probePeriodCap !== undefined) args.push('--probe-period-cap', o.probePeriodCap);
  if (o.podIpStart !== undefined) args.push('--pod-ip-start', o.podIpStart);

  const child = spawn(process.execPath, args, {
    cwd: repoRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: o.detached ?? false,
  });
  if (child.pid !== undefined) o.onSpawn?.(child.pid);
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (l) => lines.push(l));
  let exit: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve((exit = code ?? signal ?? 'unknown')));
    child.once('error', (err) => {
      lines.push(`spawn error: ${err.message}`);
      resolve((exit = 'spawn-error'));
    });
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail('no ready line within 60 s'), 60_000);
    const check = setInterval(() => {
      const m = lines.map((l) => READY.exec(l)).find((x) => x !== null);
      if (m) done(() => resolve(m[1] as string));
      else if (exit !== undefined) fail(`it exited (${exit})`);
    }, 10);
    function done(then: () => void): void {
      clearTimeout(timer);
      clearInterval(check);
      then();
    }
    function fail(why: string): void {
      done(() => reject(new Error(`devcluster did not start: ${why}\n${lines.slice(-20).join('\n')}`)));
      child.kill('SIGKILL');
    }
  });

  return {
    url,
    kubeconfig,
    logDir,
    pid: child.pid ?? -1,
    output: () => [...lines],
    get running() {
      return exit === undefined;
    },
    async stop(graceMs = 30_000) {
      if (exit !== undefined) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
