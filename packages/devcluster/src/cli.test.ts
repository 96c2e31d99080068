// The CLI as a real process (run from the TypeScript sources with tsx): it prints one ready line, writes a
// kubeconfig kubectl can use, and exits 0 on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseUpOptions } from './cli-options.js';
import { createKubectl, repoRoot, runTool, spawnTool } from './testing.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const cli = (): string[] => ['--import', 'tsx', join(repoRoot(), 'packages/devcluster/src/cli.ts')];

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
  ])('parses %j', (args, expected) => {
    const parsed = parseUpOptions(args);
    if (typeof expected === 'string') expect(parsed).toBe(expected);
    else expect(parsed).toMatchObject(expected as object);
  });
});
