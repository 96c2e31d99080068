// Table-driven routing checks: which app (by the echo pod's name) answers a request with a given Host, path
// and headers, or that nothing does (404). Apps are kept warm (one replica) so that a routing scenario tests
// the routing, not the cold start.
import { expect } from 'vitest';
import { kubectlOk } from './add-on.js';
import { echoAnswer } from './http-client.js';
import { echoApp, httpScaledObject, type Manifest } from './manifests.js';
import type { System } from './system.js';

export interface RouteCase {
  readonly host: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  /** The app that must answer, or 404. */
  readonly expect: string | 404;
}

/** An echo app with one replica and an HTTPScaledObject (min 1) routing `spec` to it. */
export function warmApp(ns: string, name: string, spec: Record<string, unknown>): Manifest[] {
  return [
    ...echoApp({ namespace: ns, name, replicas: 1 }),
    httpScaledObject({ namespace: ns, name, spec: { replicas: { min: 1, max: 1 }, ...spec } }),
  ];
}

/** Waits until every Deployment in the namespace has a ready replica and the routes are in the table. */
export async function waitUntilServing(sys: System, ns: string, routes: readonly string[]): Promise<void> {
  await kubectlOk(sys.kubectl, [
    'wait',
    '-n',
    ns,
    '--for=condition=Available',
    '--timeout=90s',
    'deployments',
    '--all',
  ]);
  for (const name of routes) await sys.waitForRoute(`${ns}/${name}`);
}

/** Sends every case and compares the answers as one table, so a failure shows all of them. */
export async function expectRoutes(sys: System, cases: readonly RouteCase[]): Promise<void> {
  const got = await Promise.all(
    cases.map(async (c) => {
      const res = await sys.send({ host: c.host, path: c.path ?? '/', headers: c.headers ?? {} });
      const who = res.status === 200 ? echoAnswer(res).pod.replace(/-[a-z0-9]+-[a-z0-9]+$/, '') : res.status;
      return { ...c, expect: who };
    }),
  );
  expect(got).toEqual(cases.map((c) => ({ ...c })));
}
