// When a Service's EndpointSlice first shows a ready endpoint, as a watcher of the API server sees it: the
// same watch event the interceptor's endpoints cache acts on, received by the benchmark process at (about)
// the same moment. Times are epoch milliseconds with sub-millisecond precision.

export interface SliceWatch {
  /** Resolves with the arrival time of the first event showing a ready endpoint. */
  readonly readyAt: Promise<number>;
  stop(): void;
}

interface SliceEvent {
  readonly type: string;
  readonly object: { endpoints?: { addresses?: string[]; conditions?: { ready?: boolean } }[] };
}

const now = (): number => performance.timeOrigin + performance.now();

export async function watchSliceReady(
  apiUrl: string,
  namespace: string,
  service: string,
): Promise<SliceWatch> {
  const abort = new AbortController();
  const selector = encodeURIComponent(`kubernetes.io/service-name=${service}`);
  const base = `${apiUrl}/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=${selector}`;
  const list = (await (await fetch(base)).json()) as { metadata: { resourceVersion: string } };
  const res = await fetch(`${base}&watch=1&resourceVersion=${list.metadata.resourceVersion}`, {
    signal: abort.signal,
  });
  if (!res.ok || res.body === null) throw new Error(`EndpointSlice watch: ${res.status}`);
  const body = res.body;
  const readyAt = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of body) {
      const at = now();
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const event = JSON.parse(buffered.slice(0, newline)) as SliceEvent;
        buffered = buffered.slice(newline + 1);
        const ready = (event.object.endpoints ?? []).some(
          (e) => e.conditions?.ready !== false && (e.addresses?.length ?? 0) > 0,
        );
        if (event.type !== 'DELETED' && ready) return at;
      }
    }
    throw new Error('the EndpointSlice watch ended before a ready endpoint');
  })();
  readyAt.catch(() => undefined);
  return { readyAt, stop: () => abort.abort() };
}
