// Builders and waits for tests that run workloads on devcluster: a Deployment or StatefulSet manifest, a
// Service selecting it, an image-map entry that runs an inline Node script, waiting for a timeline entry,
// and whether a process is still alive (for the no-orphans checks).
import { readFileSync } from 'node:fs';
import type { JsonObject, KubeObject } from '../api/types.js';
import type { Timeline, TimelineEntry } from '../timeline/event-timeline.js';

export interface WorkloadFixture {
  readonly name: string;
  readonly namespace?: string;
  /** Default `keda-http/echo`. */
  readonly image?: string;
  readonly replicas?: number;
  /** The container's first port, named `http` (default 8080). */
  readonly port?: number;
  readonly env?: readonly JsonObject[];
  readonly readinessProbe?: JsonObject;
  readonly terminationGracePeriodSeconds?: number;
  readonly args?: readonly string[];
}

function podTemplate(o: WorkloadFixture): JsonObject {
  return {
    metadata: { labels: { app: o.name } },
    spec: {
      ...(o.terminationGracePeriodSeconds !== undefined
        ? { terminationGracePeriodSeconds: o.terminationGracePeriodSeconds }
        : {}),
      containers: [
        {
          name: 'app',
          image: o.image ?? 'keda-http/echo',
          ports: [{ name: 'http', containerPort: o.port ?? 8080 }],
          ...(o.env !== undefined ? { env: o.env } : {}),
          ...(o.readinessProbe !== undefined ? { readinessProbe: o.readinessProbe } : {}),
          ...(o.args !== undefined ? { args: o.args } : {}),
        },
      ],
    },
  };
}

export function deploymentManifest(o: WorkloadFixture): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: o.name, namespace: o.namespace ?? 'default' },
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: { app: o.name } },
      template: podTemplate(o),
    },
  };
}

export function statefulSetManifest(o: WorkloadFixture & { parallel?: boolean }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: o.name, namespace: o.namespace ?? 'default' },
    spec: {
      replicas: o.replicas ?? 1,
      serviceName: o.name,
      podManagementPolicy: o.parallel === true ? 'Parallel' : 'OrderedReady',
      selector: { matchLabels: { app: o.name } },
      template: podTemplate(o),
    },
  };
}

/** A Service selecting `app: <name>`, port `port` (named http) to the container port named http. */
export function serviceManifest(o: { name: string; namespace?: string; port?: number }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: o.name, namespace: o.namespace ?? 'default' },
    spec: { selector: { app: o.name }, ports: [{ name: 'http', port: o.port ?? 80, targetPort: 'http' }] },
  };
}

/** An image-map entry that runs `script` with this Node (`node -e script`). */
export function nodeScriptImage(script: string, extra: { startupDelay?: string } = {}) {
  return { command: [process.execPath, '-e', script], ...extra };
}

/** The first timeline entry (after `since`) that satisfies `predicate`; waits for it without polling. */
export async function waitForTimeline(
  timeline: Timeline,
  predicate: (entry: TimelineEntry) => boolean,
  options: { since?: number; timeoutMs?: number } = {},
): Promise<TimelineEntry> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let since = options.since ?? 0;
  for (;;) {
    const left = deadline - Date.now();
    const entries = await timeline.wait(since, Math.max(0, left));
    const found = entries.find(predicate);
    if (found !== undefined) return found;
    if (entries.length > 0) since = (entries[entries.length - 1] as TimelineEntry).seq;
    if (Date.now() >= deadline)
      throw new Error(`no matching timeline entry within ${options.timeoutMs ?? 30_000} ms`);
  }
}

/** Whether a process exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
