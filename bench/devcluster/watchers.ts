// The watcher side of the devcluster benchmark, run as a separate process so that the clients do not share
// the server's event loop: opens N HTTP watches, and for every "probe" event records how long it took from
// the server-side write (its `data.sentAt`, a wall-clock time in ms) to arrival here.
// Protocol (IPC with bench/devcluster/api-server.ts): in {url, watchers, resourceVersion}; out 'ready',
// then one {event, latencies} per probe once all watchers have it, then 'done' on {stop}.
import http from 'node:http';

interface Start {
  url: string;
  path: string;
  watchers: number;
  resourceVersion: string;
}

const now = (): number => performance.timeOrigin + performance.now();
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const pending = new Map<string, number[]>();
let expected = 0;
const requests: http.ClientRequest[] = [];

function onLine(line: string): void {
  if (!line.includes('"probe-')) return;
  const event = JSON.parse(line) as {
    object: { metadata: { name: string }; data?: { sentAt?: string; seq?: string } };
  };
  const data = event.object.data;
  if (data?.sentAt === undefined || data.seq === undefined) return;
  const latency = now() - Number(data.sentAt);
  const list = pending.get(data.seq) ?? [];
  list.push(latency);
  pending.set(data.seq, list);
  if (list.length === expected) {
    pending.delete(data.seq);
    process.send?.({ event: data.seq, latencies: list });
  }
}

function open(start: Start): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${start.url}${start.path}?watch=true&resourceVersion=${start.resourceVersion}`,
      { agent },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`watch answered ${String(res.statusCode)}`));
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl = buffered.indexOf('\n');
          while (nl >= 0) {
            onLine(buffered.slice(0, nl));
            buffered = buffered.slice(nl + 1);
            nl = buffered.indexOf('\n');
          }
        });
        resolve();
      },
    );
    req.on('error', reject);
    requests.push(req);
  });
}

process.on('message', (msg: Start | { stop: true }) => {
  if ('stop' in msg) {
    for (const r of requests) r.destroy();
    agent.destroy();
    process.send?.('done');
    return;
  }
  expected = msg.watchers;
  void Promise.all(Array.from({ length: msg.watchers }, () => open(msg))).then(
    () => process.send?.('ready'),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
});
