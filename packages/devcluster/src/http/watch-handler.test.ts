import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster({ builtinCrds: false, bookmarkIntervalMs: 50, maxWatchSeconds: 2 });
});
afterAll(() => cluster.stop());

interface WatchStream {
  readonly status: number;
  readonly contentType: string | null;
  /** Resolves with the first `n` events (parsed lines). */
  events(n: number): Promise<{ type: string; object: Record<string, unknown> }[]>;
  /** Resolves with all the raw text once the server ends the stream. */
  ended(): Promise<string>;
  close(): void;
}

async function watch(path: string, accept?: string): Promise<WatchStream> {
  const controller = new AbortController();
  const res = await fetch(`${cluster.url}${path}`, {
    signal: controller.signal,
    ...(accept ? { headers: { accept } } : {}),
  });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  const waiters: (() => void)[] = [];
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
        for (const w of waiters.splice(0)) w();
      }
    } catch {
      // aborted
    }
    done = true;
    for (const w of waiters.splice(0)) w();
  })();
  const until = async (pred: () => boolean): Promise<void> => {
    while (!pred()) {
      if (done) throw new Error(`stream ended early:\n${text}`);
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    async events(n) {
      await until(() => text.split('\n').length > n);
      return text
        .split('\n')
        .slice(0, n)
        .map((l) => JSON.parse(l) as { type: string; object: Record<string, unknown> });
    },
    async ended() {
      await until(() => done).catch(() => undefined);
      return text;
    },
    close: () => controller.abort(),
  };
}

const cms = () => cluster.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
const cm = (name: string, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
});
const WATCH = '/api/v1/namespaces/default/configmaps?watch=true';

describe('watch over HTTP', () => {
  it('flushes the headers at once, even on a quiet collection, then streams newline-delimited events with apiVersion and kind', async () => {
    const w = await watch(`${WATCH}&resourceVersion=${cluster.store.resourceVersion}`);
    expect(w.status).toBe(200);
    expect(w.contentType).toBe('application/json');
    cms().create(cm('first'));
    cms().mutate('default', 'first', (d) => (d['data'] = { a: 'b' }));
    const events = await w.events(2);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(events[1]?.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
    w.close();
  });

  it('starts with synthetic ADDED events when resourceVersion is unset or 0', async () => {
    cms().create(cm('existing'));
    for (const suffix of ['', '&resourceVersion=0']) {
      const w = await watch(`${WATCH}&fieldSelector=metadata.name%3Dexisting${suffix}`);
      expect((await w.events(1))[0]).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: 'existing' } },
      });
      w.close();
    }
  });

  it('replays the events after a resourceVersion', async () => {
    const from = cluster.store.resourceVersion;
    cms().create(cm('replayed'));
    cms().delete('default', 'replayed');
    const w = await watch(`${WATCH}&resourceVersion=${from}`);
    expect(
      (await w.events(2)).map((e) => `${e.type} ${(e.object['metadata'] as { name: string }).name}`),
    ).toEqual(['ADDED replayed', 'DELETED replayed']);
    w.close();
  });

  it('turns label selector transitions into ADDED and DELETED', async () => {
    cms().create(cm('mover', { tier: 'a' }));
    const w = await watch(`${WATCH}&labelSelector=tier%3Db&resourceVersion=${cluster.store.resourceVersion}`);
    cms().mutate('default', 'mover', (d) => (d.metadata.labels = { tier: 'b' }));
    cms().mutate('default', 'mover', (d) => (d.metadata.labels = { tier: 'c' }));
    expect((await w.events(2)).map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    w.close();
  });

  it('sends bookmarks with the current resourceVersion when allowed', async () => {
    const w = await watch(
      `${WATCH}&allowWatchBookmarks=true&resourceVersion=${cluster.store.resourceVersion}`,
    );
    const [bookmark] = await w.events(1);
    expect(bookmark).toEqual({
      type: 'BOOKMARK',
      object: {
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { resourceVersion: cluster.store.resourceVersion },
      },
    });
    w.close();
  });

  it('ends the stream cleanly at timeoutSeconds, and at the configured maximum without it', async () => {
    const timed = await watch(`${WATCH}&timeoutSeconds=1&resourceVersion=${cluster.store.resourceVersion}`);
    expect(await timed.ended()).toBe('');
    const capped = await watch(`${WATCH}&resourceVersion=${cluster.store.resourceVersion}`);
    expect(await capped.ended()).toBe('');
  });

  it('sends a 410 Expired ERROR event and closes, for open watches on expiry and for too-old versions', async () => {
    const old = cluster.store.resourceVersion;
    cms().create(cm('bump'));
    const open = await watch(`${WATCH}&resourceVersion=${cluster.store.resourceVersion}`);
    const expired = await fetch(`${cluster.url}/devcluster/expire-watches`, { method: 'POST' });
    expect(await expired.json()).toMatchObject({ expired: expect.any(Number) as number });
    const text = await open.ended();
    expect(JSON.parse(text.trim())).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
    const tooOld = await watch(`${WATCH}&resourceVersion=${old}`);
    expect(tooOld.status).toBe(200);
    expect(JSON.parse((await tooOld.ended()).trim())).toMatchObject({ type: 'ERROR', object: { code: 410 } });
  });

  it('sends Table rows when kubectl asks for tables', async () => {
    const w = await watch(
      `${WATCH}&fieldSelector=metadata.name%3Dtabled`,
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    );
    cms().create(cm('tabled'));
    const [event] = await w.events(1);
    expect(event?.object).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect((event?.object['rows'] as { cells: unknown[] }[])[0]?.cells[0]).toBe('tabled');
    w.close();
  });
});
