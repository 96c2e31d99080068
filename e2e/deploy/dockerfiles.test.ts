// Each Dockerfile builds its deployable in two stages and ships only the runtime: a pinned Node 22 LTS image
// (exact version and digest, never a moving tag), pnpm deploy --prod of just that package, NODE_ENV=production,
// the unprivileged uid 65532, the OCI labels, and the ports its manifests use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '@keda-http/devcluster/testing';
import { DEPLOYABLES } from '../manifests/deployables.js';
import { keyValues, parseDockerfile, type Stage } from './dockerfile.js';

const PINNED_NODE_22 = /^node:22\.\d+\.\d+-alpine\d+\.\d+@sha256:[0-9a-f]{64}$/;
const read = (file: string) => readFileSync(join(repoRoot(), file), 'utf8');
const devclusterImages = parse(read('config/devcluster/images.yaml')) as {
  images: Record<string, { env?: Record<string, string> }>;
};
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

describe.each(DEPLOYABLES)('Dockerfile.$component', (d) => {
  const text = read(`Dockerfile.${d.component}`);
  const file = parseDockerfile(text);
  const build = file.stages[0] as Stage;
  const runtime = file.stages.at(-1) as Stage;

  it('is multi-stage: a build stage, then the runtime stage', () => {
    expect(file.stages).toHaveLength(2);
    expect(build.name).toBe('build');
  });

  it('bases every stage on the same pinned Node 22 image (exact version and digest)', () => {
    for (const stage of file.stages) expect(stage.from).toMatch(PINNED_NODE_22);
    expect(runtime.from).toBe(build.from);
  });

  it('has no latest tag anywhere', () => {
    expect(text).not.toMatch(/:latest\b/);
    expect(text).not.toMatch(/@latest\b/);
  });

  it('installs from the lockfile and deploys only this package with its production dependencies', () => {
    const commands = runs(build).join('\n');
    expect(commands).toMatch(/pnpm install --frozen-lockfile/);
    expect(commands).toMatch(/pnpm@\$\{PNPM_VERSION\}/);
    expect(file.stages[0]?.instructions).toContainEqual({ keyword: 'ARG', args: 'PNPM_VERSION=12.4.2' });
    expect(commands).toContain(`tsc -b packages/${d.component}`);
    const deploy = commands.split('\n').find((c) => c.includes(' deploy '));
    expect(deploy).toBeDefined();
    expect(deploy).toContain(`--filter @keda-http/${d.component} deploy`);
    expect(deploy).toMatch(/ --prod /);
    expect(deploy).not.toMatch(/ --dev\b/);
  });

  it('runs no package manager in the runtime stage and copies only the deployed package', () => {
    expect(runs(runtime)).toEqual([]);
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
    expect(copies).toEqual([{ keyword: 'COPY', args: '--from=build /out/ ./' }]);
  });

  it("runs node dist/main.js as uid 65532 with NODE_ENV=production and the image map's env", () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER');
    expect(users).toEqual([{ keyword: 'USER', args: '65532:65532' }]);
    const userAt = runtime.instructions.findIndex((i) => i.keyword === 'USER');
    const lastCopy = runtime.instructions.findLastIndex((i) => i.keyword === 'COPY');
    expect(userAt).toBeGreaterThan(lastCopy);
    const { NODE_ENV, ...imageEnv } = keyValues(runtime.instructions, 'ENV');
    expect(NODE_ENV).toBe('production');
    // Any other ENV (the scaler's NODE_OPTIONS) is the same in devcluster's image map, which plays the image.
    expect(imageEnv).toEqual(devclusterImages.images[`keda-http/${d.component}`]?.env ?? {});
    expect(runtime.instructions.find((i) => i.keyword === 'ENTRYPOINT')?.args).toBe(
      '["node", "dist/main.js"]',
    );
  });

  it('carries the OCI labels', () => {
    const labels = keyValues(runtime.instructions, 'LABEL');
    for (const key of ['title', 'description', 'source', 'licenses', 'version', 'revision']) {
      expect(labels[`org.opencontainers.image.${key}`], key).toMatch(/\S/);
    }
    expect(labels['org.opencontainers.image.licenses']).toBe('Apache-2.0');
    expect(labels['org.opencontainers.image.version']).toBe('${VERSION}');
  });

  it('exposes the ports its manifests use', () => {
    const exposed = runtime.instructions
      .filter((i) => i.keyword === 'EXPOSE')
      .flatMap((i) => i.args.split(/\s+/))
      .map(Number);
    expect(exposed.sort()).toEqual(Object.values(d.ports).sort());
  });
});

describe('.dockerignore', () => {
  it('keeps host builds, installs and repository metadata out of the build context', () => {
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(patterns).toEqual(expect.arrayContaining(['.git', '**/node_modules', '**/dist', '.tools']));
  });
});
