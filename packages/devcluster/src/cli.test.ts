// The CLI as a real process (run from the TypeScript sources with tsx): it prints one ready line, writes a
// kubeconfig kubectl can use, and exits 0 on SIGTERM.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseUpOptions } from './cli-options.js';
import { createKubectl, processAlive, repoRoot, runTool, spawnTool, waitFor } from './testing.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// The sources import @keda-http/api through its `source` export condition (no build needed).
const cli = (): string[] => [
  '--conditions=source',
  '--import',
  'tsx',
  join(repoRoot(), 'packages/devcluster/src/cli.ts'),
];

describe('devcluster CLI', () => {
  it('runs `up` in the foreground, prints exactly one ready line, serves kubectl and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devcluster-cli-'));
    dirs.push(dir);
    const kubeconfig = join(dir, 'kubeconfig');
    const proc = spawnTool(process.execPath, [...cli(), 'up', '--kubeconfig', kubeconfig], {
      cwd: repoRoot(),
    });
    try {
      const out = await proc.waitForOutput(/\n/, 60_000);
      expect(out).toMatch(/^devcluster ready: http:\/\/127\.0\.0\.1:\d+ kubeconfig=.+\/kubeconfig\n$/);
      const kubectl = createKubectl({ kubeconfig });
      const ns = await kubectl.run(['get', 'namespace', 'default', '-o', 'name']);
      kubectl.dispose();
      expect(ns.stdout).toBe('namespace/default\n');
    } finally {
      const result = await proc.stop();
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('ends every pod process, and what they started, on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devcluster-cli-'));
    dirs.push(dir);
    const kubeconfig = join(dir, 'kubeconfig');
    const images = join(dir, 'images.yaml');
    writeFileSync(
      images,
      `images:\n  test/family:\n    command: [sh, -c, 'sleep 3600 & echo child=$!; wait']\n`,
    );
    const proc = spawnTool(
      process.execPath,
      [...cli(), 'up', '--kubeconfig', kubeconfig, '--images', images, '--pod-ip-start', '127.0.100.1'],
      { cwd: repoRoot() },
    );
    const kubectl = createKubectl({ kubeconfig });
    const pids: number[] = [];
    try {
      await proc.waitForOutput(/\n/, 60_000);
      const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: family}
spec:
  replicas: 2
  selector: {matchLabels: {app: family}}
  template:
    metadata: {labels: {app: family}}
    spec: {containers: [{name: main, image: test/family}]}
`;
      expect((await kubectl.run(['apply', '-f', '-'], { input: manifest })).code).toBe(0);
      const jsonpath =
        '{range .items[*]}{.metadata.name} {.status.containerStatuses[0].containerID}{"\\n"}{end}';
      const lines = await waitFor(async () => {
        const out = (await kubectl.run(['get', 'pods', '-o', `jsonpath=${jsonpath}`])).stdout
          .trim()
          .split('\n');
        return out.length === 2 && out.every((l) => /devcluster:\/\/\d+$/.test(l)) ? out : undefined;
      });
      for (const line of lines) {
        const [pod = '', id = ''] = line.split(' ');
        pids.push(Number(id.replace('devcluster://', '')));
        const child = await waitFor(
          async () => /child=(\d+)/.exec((await kubectl.run(['logs', pod])).stdout)?.[1],
        );
        pids.push(Number(child));
      }
      expect(new Set(pids).size).toBe(4); // two pod processes and the sleep each one started
      expect(pids.every(processAlive)).toBe(true);
      expect(proc.stderr()).toMatch(/pod default\/family-\S+ started container=main ip=127\.0\.100\.\d+/);
    } finally {
      kubectl.dispose();
      const result = await proc.stop();
      expect(result.code).toBe(0);
    }
    expect(pids.filter(processAlive)).toEqual([]);
  });

  it('exits 2 with the usage on a bad command line', async () => {
    const result = await runTool(process.execPath, [...cli(), 'up', '--port', 'abc'], { cwd: repoRoot() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--kubeconfig FILE is required');
  });

  it.each([
    [['--kubeconfig', 'k'], { kubeconfigPath: expect.stringMatching(/\/k$/) as unknown }],
    [
      ['--kubeconfig', 'k', '--port', '8080', '--data-dir', 'd'],
      { port: 8080, dataDir: expect.stringMatching(/\/d$/) as unknown },
    ],
    [['--port', '1'], '--kubeconfig FILE is required'],
    [['--kubeconfig', 'k', '--port', '70000'], '--port: "70000" is not a port number (0-65535)'],
    [['--kubeconfig', 'k', '--bogus'], expect.stringContaining("Unknown option '--bogus'") as unknown],
    [
      ['--kubeconfig', 'k', '--images', 'i.yaml', '--hpa-sync-period', '2s', '--probe-period-cap', '250ms'],
      {
        images: expect.stringMatching(/\/i\.yaml$/) as unknown,
        hpaSyncPeriodMs: 2000,
        probePeriodCapMs: 250,
      },
    ],
    [
      ['--kubeconfig', 'k', '--no-keda', '--no-workloads', '--quiet'],
      { keda: false, workloads: false, printTimeline: false },
    ],
    [
      ['--kubeconfig', 'k', '--hpa-sync-period', 'soon'],
      '--hpa-sync-period: "soon" is not a positive duration (e.g. 2s, 500ms)',
    ],
  ])('parses %j', (args, expected) => {
    const parsed = parseUpOptions(args);
    if (typeof expected === 'string') expect(parsed).toBe(expected);
    else expect(parsed).toMatchObject(expected as object);
  });
});
