// `make docker-build`, `docker-publish` and `publish-multiarch` on a machine without a Docker engine fail
// at once with one line saying what is missing: the docker CLI when it is not installed, else the engine
// (made unreachable here with a DOCKER_HOST nothing listens on, so the test means the same on any machine).
import { accessSync, constants, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runTool } from '@keda-http/devcluster/testing';

const TARGETS = ['docker-build', 'docker-publish', 'publish-multiarch'];

/** The directory on PATH holding an executable of that name, if any. */
function which(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** What make printed besides its own `make: *** [...] Error 1` trailer. */
const ownLines = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => l !== '' && !/^make(\[\d+\])?: \*\*\*/.test(l));

const make = (target: string, env: NodeJS.ProcessEnv) =>
  runTool('make', ['-s', target], { cwd: repoRoot(), env, timeoutMs: 60_000 });

// A PATH with only make and bash: as on a machine where Docker was never installed.
const bareBin = mkdtempSync(join(tmpdir(), 'no-docker-bin-'));
for (const tool of ['make', 'bash']) {
  const found = which(tool);
  if (found === undefined) throw new Error(`${tool} is not on PATH`);
  symlinkSync(found, join(bareBin, tool));
}
afterAll(() => rmSync(bareBin, { recursive: true, force: true }));

describe.each(TARGETS)('make %s', (target) => {
  it('without the docker CLI fails with one line saying so', async () => {
    const result = await make(target, { ...process.env, PATH: bareBin });
    expect(result.code).not.toBe(0);
    expect(ownLines(result.stderr)).toEqual([`${target}: needs the docker CLI, which is not installed`]);
    expect(result.stdout).toBe('');
  });

  it('without a reachable Docker engine fails with one line saying so', async () => {
    const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/keda-http-test/docker.sock' };
    const result = await make(target, env);
    expect(result.code).not.toBe(0);
    const expected =
      which('docker') === undefined
        ? `${target}: needs the docker CLI, which is not installed`
        : `${target}: needs a running Docker engine; 'docker info' cannot reach one`;
    expect(ownLines(result.stderr)).toEqual([expected]);
    expect(result.stdout).toBe('');
  });
});
