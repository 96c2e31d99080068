// `make demo` from the built tree, twice: once with DEMO_EXIT_AFTER_TIMELINE=1, checking the progress, the
// cold-start timeline and the banner, and that it exits 0 leaving no process behind; once as a user runs it,
// stopped with Ctrl-C (SIGINT to its process group, as a terminal sends it), which must stop every process it
// started. Processes are found by the demo's directory: devcluster carries its kubeconfig path on its command
// line and every pod process in its environment (KUBECONFIG), make and the demo have DEMO_DIR, whoever started
// them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '@keda-http/devcluster/testing';
import { waitFor } from '@keda-http/testkit';
import { processesMentioning } from '../support/processes.js';
import { privatePodIpStart } from '../support/system.js';

interface DemoRun {
  readonly dir: string;
  readonly lines: string[];
  /** The most processes of this demo seen alive at once. */
  readonly mostProcesses: () => number;
  readonly exited: Promise<number | string>;
  /** Sends a signal to the demo's whole process group, as a terminal's Ctrl-C does. */
  signalGroup(signal: NodeJS.Signals): void;
}

const runs: DemoRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) {
    for (const p of processesMentioning(run.dir)) process.kill(p.pid, 'SIGKILL');
    rmSync(run.dir, { recursive: true, force: true });
  }
});

function startDemo(command: string, args: string[], env: Record<string, string>): DemoRun {
  const dir = mkdtempSync(join(tmpdir(), 'keda-http-demo-'));
  const child = spawn(command, args, {
    cwd: repoRoot(),
    env: { ...process.env, ...env, DEMO_DIR: dir, DEMO_POD_IP_START: privatePodIpStart() },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (l) => lines.push(l));
  let most = 0;
  // devcluster and its pods mention the kubeconfig; make and the demo only the directory (DEMO_DIR).
  const kubeconfig = join(dir, 'kubeconfig');
  const census = setInterval(() => (most = Math.max(most, processesMentioning(kubeconfig).length)), 250);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      clearInterval(census);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const run: DemoRun = {
    dir,
    lines,
    mostProcesses: () => most,
    exited,
    signalGroup: (signal) => process.kill(-(child.pid as number), signal),
  };
  runs.push(run);
  return run;
}

/** The timeline's labels, in the order the demo printed them. */
const TIMELINE = /^\s+\+\s*(\d+) ms {2}\d\d:\d\d:\d\d\.\d{3} {2}(.+?) {2,}/;
function timelineLabels(lines: readonly string[]): { label: string; ms: number }[] {
  return lines.flatMap((l) => {
    const m = TIMELINE.exec(l);
    return m ? [{ label: (m[2] as string).trim(), ms: Number(m[1]) }] : [];
  });
}

describe('make demo', () => {
  it('runs to the timeline with DEMO_EXIT_AFTER_TIMELINE=1, prints the banner, and exits 0 with no process left', async () => {
    const run = startDemo('make', ['-s', 'demo'], { DEMO_EXIT_AFTER_TIMELINE: '1' });
    const code = await run.exited;
    const output = run.lines.join('\n');
    expect(code, output).toBe(0);

    expect(output).toMatch(/\[\s*[\d.]+s\] starting devcluster/);
    expect(output).toMatch(/pod keda\/keda-add-ons-http-interceptor-\S+ ready/);
    const steps = timelineLabels(run.lines);
    const labels = steps.map((s) => s.label).filter((l) => l !== 'request held');
    expect(labels).toEqual([
      'request sent',
      'scaler reports active',
      'KEDA scales to 1',
      'pod created',
      'pod started',
      'pod ready',
      'response',
      'idle',
      'scaled back to 0',
      'pod gone',
    ]);
    expect(steps.map((s) => s.label)).toContain('request held');
    expect(steps.map((s) => s.ms)).toEqual([...steps.map((s) => s.ms)].sort((a, b) => a - b));
    expect(output).toMatch(/response\s+200, X-KEDA-HTTP-Cold-Start: true/);
    const down = steps.find((s) => s.label === 'scaled back to 0');
    expect(down?.ms).toBeGreaterThanOrEqual(5000);

    expect(output).toContain(`export KUBECONFIG=${join(run.dir, 'kubeconfig')}`);
    expect(output).toContain(`${join(repoRoot(), '.tools', 'bin', 'kubectl')} get httpso -A`);
    expect(output).toMatch(/curl -i -H 'Host: echo\.demo\.local' http:\/\/127\.[\d.]+:8080\//);
    expect(output).toContain(
      'curl -L localhost:9898/api/v1/namespaces/$NAMESPACE/services/keda-add-ons-http-operator-admin:9090/proxy/routing_table',
    );
    expect(output).toMatch(/\] stopped$/m);

    // devcluster, the operator, the interceptor and the scaler (at least) were processes of this demo.
    expect(run.mostProcesses()).toBeGreaterThanOrEqual(4);
    expect(processesMentioning(run.dir)).toEqual([]);
  });

  it('keeps running after the banner until Ctrl-C, which stops every process it started', async () => {
    const run = startDemo(process.execPath, ['--import', 'tsx', 'e2e/demo/main.ts'], {});
    await waitFor('the banner', () => run.lines.some((l) => l.startsWith('Press Ctrl-C to stop')), {
      timeoutMs: 240_000,
    });
    expect(processesMentioning(join(run.dir, 'kubeconfig')).length).toBeGreaterThanOrEqual(4);

    run.signalGroup('SIGINT');
    expect(await run.exited, run.lines.slice(-10).join('\n')).toBe(0);
    expect(run.lines.at(-1)).toMatch(/\] stopped$/);
    expect(processesMentioning(run.dir)).toEqual([]);
  });
});
