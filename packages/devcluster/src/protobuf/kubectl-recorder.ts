// Test support: a minimal API server on a real loopback socket that serves just enough discovery for the real
// kubectl to map a few resources, records every request it gets, and answers resource requests through a
// callback. Used to capture the exact bodies kubectl sends (protobuf creates, strategic merge patches).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface FakeResource {
  /** "v1" for the core group, else "group/version". */
  readonly groupVersion: string;
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export type Responder = (request: RecordedRequest) => { status: number; body: unknown } | undefined;

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlRecorder {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Runs the pinned kubectl against this server, with its own kubeconfig and discovery cache. */
  kubectl(args: readonly string[], input?: string): Promise<KubectlResult>;
  close(): Promise<void>;
}

const KUBECTL = fileURLToPath(new URL('../../../../.tools/bin/kubectl', import.meta.url));
const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function discovery(path: string, resources: readonly FakeResource[], host: string): unknown {
  const groupVersions = [...new Set(resources.map((r) => r.groupVersion).filter((gv) => gv.includes('/')))];
  if (path === '/version')
    return { major: '1', minor: '32', gitVersion: 'v1.32.0-recorder', platform: 'linux/amd64' };
  if (path === '/api') {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
    };
  }
  if (path === '/apis') {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groupVersions.map((gv) => {
        const [name, version] = gv.split('/') as [string, string];
        const entry = { groupVersion: gv, version };
        return { name, versions: [entry], preferredVersion: entry };
      }),
    };
  }
  const gv = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : undefined;
  if (gv === undefined || !resources.some((r) => r.groupVersion === gv)) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: resources
      .filter((r) => r.groupVersion === gv)
      .map((r) => ({
        name: r.name,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
      })),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startKubectlRecorder(options: {
  resources: readonly FakeResource[];
  respond: Responder;
}): Promise<KubectlRecorder> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void readAll(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'] ?? '',
        body,
      };
      requests.push(recorded);
      const host = req.headers.host ?? '';
      const doc = req.method === 'GET' ? discovery(url.pathname, options.resources, host) : undefined;
      if (doc !== undefined) return send(res, 200, doc);
      const answer = options.respond(recorded);
      if (answer) return send(res, answer.status, answer.body);
      send(res, 404, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        code: 404,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-recorder-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: recorder, cluster: {server: "' + url + '", insecure-skip-tls-verify: true}}]',
      'users: [{name: recorder, user: {token: dummy}}]',
      'contexts: [{name: recorder, context: {cluster: recorder, user: recorder, namespace: default}}]',
      'current-context: recorder',
      '',
    ].join('\n'),
  );
  return {
    url,
    requests,
    kubectl: (args, input) =>
      new Promise((resolve) => {
        const child = execFile(
          KUBECTL,
          ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
          { timeout: 60_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
        child.stdin?.end(input ?? '');
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
