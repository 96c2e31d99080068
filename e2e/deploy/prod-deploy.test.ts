// What the images contain, without a Docker engine: the Dockerfiles' `pnpm deploy --prod` of each package,
// run here the same way, must hold the package's production dependencies and nothing of the workspace's
// development tools, compiled code only (and the scaler's proto file), and must start from those files alone
// with the env its manifest sets: every server listens, and SIGTERM ends it with exit code 0.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { repoRoot, runTool } from '@keda-http/devcluster/testing';
import { startProcess } from '@keda-http/testkit';
import { DEPLOYABLES } from '../manifests/deployables.js';
import { named, renderKustomize, type KubeDoc } from '../manifests/rendered-manifests.js';
import { onlyContainer, resolvedEnv, type Deployment } from '../manifests/workloads.js';

const PNPM = join(repoRoot(), '.tools', 'pnpm', 'node_modules', '.bin', 'pnpm');
const DEV_TOOLS = [/^vitest@/, /^@vitest\+/, /^typescript@/, /^eslint@/, /^prettier@/, /^tsx@/, /^vite@/];
const DEV_WORKSPACE = [/^@keda-http\+devcluster@/, /^@keda-http\+testkit@/];

/** Each deployable's servers and the env that makes them listen on free ports. */
const SERVERS: Record<string, { servers: string[]; env: Record<string, string> }> = {
  operator: { servers: ['admin'], env: { KEDA_HTTP_OPERATOR_ADMIN_PORT: '0' } },
  interceptor: {
    servers: ['proxy', 'admin', 'metrics'],
    env: {
      KEDA_HTTP_PROXY_PORT: '0',
      KEDA_HTTP_ADMIN_PORT: '0',
      OTEL_PROM_EXPORTER_PORT: '0',
      KEDA_HTTP_SHUTDOWN_DELAY: '0s',
    },
  },
  scaler: { servers: ['grpc', 'admin'], env: { KEDA_HTTP_SCALER_PORT: '0', KEDA_HTTP_HEALTH_PORT: '0' } },
};

/** Every file under dir (following no symlinks), relative to it. */
function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isSymbolicLink()) return [];
    return e.isDirectory() ? files(path, base) : [path.slice(base.length + 1)];
  });
}

let cluster: DevCluster;
let docs: KubeDoc[];
const work = mkdtempSync(join(tmpdir(), 'prod-deploy-'));

beforeAll(async () => {
  if (!existsSync(PNPM)) throw new Error(`${PNPM} is missing: run \`make setup\``);
  cluster = await startDevCluster();
  docs = await renderKustomize();
});
afterAll(async () => {
  await cluster?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe.each(DEPLOYABLES)('pnpm deploy --prod of the $component', (d) => {
  const app = join(work, d.component);
  const store = () => join(app, 'node_modules', '.pnpm');

  beforeAll(async () => {
    const main = join(repoRoot(), 'packages', d.component, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`make build\` first`);
    const result = await runTool(
      PNPM,
      ['--filter', `@keda-http/${d.component}`, 'deploy', '--prod', '--offline', '--ignore-scripts', app],
      { cwd: repoRoot(), timeoutMs: 180_000 },
    );
    if (result.code !== 0) throw new Error(`pnpm deploy failed:\n${result.stdout}\n${result.stderr}`);
  });

  it('holds every production dependency of the package', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const missing = Object.keys(pkg.dependencies).filter(
      (name) => !existsSync(join(app, 'node_modules', name, 'package.json')),
    );
    expect(missing).toEqual([]);
  });

  it("holds none of the workspace's development tools or test packages", () => {
    const installed = readdirSync(store());
    expect(installed.length).toBeGreaterThan(10);
    const dev = installed.filter((name) => [...DEV_TOOLS, ...DEV_WORKSPACE].some((re) => re.test(name)));
    expect(dev).toEqual([]);
  });

  it('ships compiled JavaScript only, for the package and the workspace packages it uses', () => {
    const own = files(app).filter((f) => !f.startsWith('node_modules'));
    const workspace = readdirSync(store())
      .filter((name) => name.startsWith('@keda-http+'))
      .flatMap((name) => {
        const root = join(store(), name, 'node_modules', '@keda-http');
        return readdirSync(root).flatMap((pkg) => files(join(root, pkg)).map((f) => `${name}: ${f}`));
      });
    expect(workspace.length).toBeGreaterThan(0);
    const sources = [...own, ...workspace].filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f));
    expect(sources).toEqual([]);
    expect(own).toContain(join('dist', 'main.js'));
  });

  it('starts from the deployed files alone: every server listens, and SIGTERM exits 0', async () => {
    const deployment = named(docs, 'Deployment', d.deployment) as Deployment;
    const { servers, env } = SERVERS[d.component] as (typeof SERVERS)[string];
    const child = startProcess(process.execPath, {
      args: [join(app, 'dist', 'main.js')],
      cwd: app,
      env: {
        ...resolvedEnv(deployment, onlyContainer(deployment)),
        ...env,
        NODE_ENV: 'production',
        NODE_PATH: '',
        KUBECONFIG: cluster.kubeconfigPath,
      },
    });
    try {
      for (const server of servers) {
        await child.waitForLine(
          new RegExp(`"server":"${server}".*"msg":"listening"|"msg":"listening".*"server":"${server}"`),
        );
      }
    } finally {
      expect(await child.stop()).toBe(0);
    }
  });
});

describe('the scaler image', () => {
  it('carries the proto file the scaler loads at run time, next to dist/', () => {
    const shipped = join(work, 'scaler', 'proto', 'externalscaler.proto');
    expect(statSync(shipped).isFile()).toBe(true);
    expect(readFileSync(shipped, 'utf8')).toBe(
      readFileSync(join(repoRoot(), 'proto', 'externalscaler.proto'), 'utf8'),
    );
  });
});
