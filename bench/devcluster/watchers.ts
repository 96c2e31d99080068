// The watcher side of the devcluster benchmark, run in separate processes so that the clients do not share
// the server's event loop: opens N HTTP watches, and for every "probe" event records how long it took from
// the server-side write (its `data.sentAt`, a wall-clock time in ms) to its arrival here.
// Protocol (IPC with bench/devcluster/api-server.ts): in {url, path, watchers, resourceVersion}; out 'ready',
// then one {event, latencies} per probe once all of this process's watchers have it, then 'done' on {stop}.
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
const requests: http.ClientRequest[] = [];
let expected = 0;

/** The probe's data keeps its key order (seq, then sentAt), so one pattern reads both without parsing. */
const PROBE = /"seq":"(\d+)","sentAt":"([\d.]+)"/;

/** Records one event line; `arrived` was taken when its chunk came in, before any parsing. */
function onLine(line: string, arrived: number): void {
  const probe = PROBE.exec(line);
  if (probe === null) return;
  const seq = probe[1] as string;
  const list = pending.get(seq) ?? [];
  list.push(arrived - Number(probe[2]));
  pending.set(seq, list);
  if (list.length === expected) {
    pending.delete(seq);
    process.send?.({ event: seq, latencies: list });
  }
}

function open(start: Start): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = `${start.url}${start.path}?watch=true&resourceVersion=${start.resourceVersion}`;
    const req = http.get(url, { agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`watch answered ${String(res.statusCode)}`));
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const arrived = now();
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          onLine(buffered.slice(0, nl), arrived);
          buffered = buffered.slice(nl + 1);
          nl = buffered.indexOf('\n');
        }
      });
      resolve();
    });
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
