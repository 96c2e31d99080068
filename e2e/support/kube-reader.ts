// Reads Kubernetes objects from the API server over plain HTTP (devcluster needs no credentials), for the
// assertions and the waits of the scenarios. Writes go through the real kubectl (system.ts); reads are many
// and frequent, so they skip kubectl's start-up cost.

export interface KubeObjectLike {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Record<string, string>;
    readonly ownerReferences?: readonly { kind: string; name: string }[];
    readonly deletionTimestamp?: string;
  };
  readonly spec?: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
}

interface EndpointSlice {
  readonly endpoints?: readonly { addresses: string[]; conditions?: { ready?: boolean } }[];
  readonly ports?: readonly { name?: string; port?: number }[];
}

export interface KubeReader {
  /** The object at an API path (e.g. `/apis/apps/v1/namespaces/ns/deployments/web`), or undefined on 404. */
  get<T = KubeObjectLike>(path: string): Promise<T | undefined>;
  list<T = KubeObjectLike>(path: string): Promise<T[]>;
  /** `spec.replicas` of a Deployment (0 when it is gone). */
  specReplicas(namespace: string, deployment: string): Promise<number>;
  /** `status.readyReplicas` of a Deployment. */
  readyReplicas(namespace: string, deployment: string): Promise<number>;
  /** `address:port` of every ready endpoint of a Service port (by the slice port's name). */
  readyEndpoints(namespace: string, service: string, portName: string): Promise<string[]>;
}

export function createKubeReader(apiUrl: string): KubeReader {
  async function get<T>(path: string): Promise<T | undefined> {
    const res = await fetch(`${apiUrl}${path}`, { headers: { accept: 'application/json' } });
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const deployment = (ns: string, name: string) =>
    get<{ spec?: { replicas?: number }; status?: { readyReplicas?: number } }>(
      `/apis/apps/v1/namespaces/${ns}/deployments/${name}`,
    );
  return {
    get,
    async list<T>(path: string) {
      return (await get<{ items: T[] }>(path))?.items ?? [];
    },
    async specReplicas(ns, name) {
      return (await deployment(ns, name))?.spec?.replicas ?? 0;
    },
    async readyReplicas(ns, name) {
      return (await deployment(ns, name))?.status?.readyReplicas ?? 0;
    },
    async readyEndpoints(ns, service, portName) {
      const selector = encodeURIComponent(`kubernetes.io/service-name=${service}`);
      const slices = (await get<{ items: EndpointSlice[] }>(
        `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices?labelSelector=${selector}`,
      )) ?? { items: [] };
      const out: string[] = [];
      for (const slice of slices.items) {
        const port = slice.ports?.find((p) => p.name === portName)?.port;
        if (port === undefined) continue;
        for (const e of slice.endpoints ?? [])
          if (e.conditions?.ready !== false) for (const a of e.addresses) out.push(`${a}:${port}`);
      }
      return out;
    },
  };
}
