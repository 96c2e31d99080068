// The built-in image `keda-http/echo`: answers every request with 200 and the JSON
// `{pod, host, method, path, query, headers}`. It listens on $PORT (the container's first containerPort,
// default 8080) on $POD_IP, delays its answer by `?delay=<duration>` (e.g. 250ms) so tests can hold requests
// in flight, logs one line per request, and on SIGTERM stops accepting, finishes the requests in flight and
// exits 0.
import http from 'node:http';
import { parseDuration } from '../durations.js';

const pod = process.env['HOSTNAME'] ?? 'echo';
const host = process.env['POD_IP'] ?? '127.0.0.1';
const port = Number(process.env['PORT'] ?? '8080');
let inFlight = 0;
let stopping = false;

function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://echo');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const delayText = url.searchParams.get('delay');
  const delayMs = delayText === null ? 0 : parseDuration(delayText);
  const body = (code: number, value: unknown): void => {
    const text = JSON.stringify(value);
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    };
    if (stopping) headers['connection'] = 'close';
    res.writeHead(code, headers);
    res.end(text);
    process.stdout.write(`${req.method ?? 'GET'} ${req.url ?? '/'} ${code}\n`);
  };
  if (delayMs === undefined) {
    body(400, { pod, error: `delay: "${delayText ?? ''}" is not a duration (e.g. 250ms)` });
    return;
  }
  inFlight++;
  const done = (): void => {
    inFlight--;
    if (stopping && inFlight === 0) exitWhenClosed();
  };
  res.on('close', done);
  setTimeout(
    () =>
      body(200, {
        pod,
        host: req.headers.host ?? '',
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        headers: req.headers,
      }),
    delayMs,
  );
}

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => answer(req, res));
});
server.keepAliveTimeout = 5000;

let closed = false;
function exitWhenClosed(): void {
  if (closed && inFlight === 0) process.exit(0);
}

server.listen(port, host, () => process.stdout.write(`echo ${pod} listening on ${host}:${port}\n`));
process.on('SIGTERM', () => {
  stopping = true;
  process.stdout.write(`echo ${pod}: SIGTERM, finishing ${inFlight} request(s)\n`);
  server.close(() => {
    closed = true;
    exitWhenClosed();
  });
  server.closeIdleConnections();
});
