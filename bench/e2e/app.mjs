// The app of the end-to-end benchmark, run in a devcluster pod as image `keda-http-bench/app`: a plain
// node:http server on $POD_IP:$PORT that answers every request with the times it knows, in epoch
// milliseconds with sub-millisecond precision: when the request's connection was accepted and when its
// headers were parsed, when the app started listening, and when its process started
// (performance.timeOrigin). The benchmark subtracts these from the timeline.
import http from 'node:http';

const now = () => performance.timeOrigin + performance.now();
const pod = process.env.HOSTNAME ?? 'app';
let listeningAt = 0;

const accepted = new WeakMap();
const server = http.createServer((req, res) => {
  const arrivedAt = now();
  const connectedAt = accepted.get(req.socket) ?? arrivedAt;
  req.resume();
  req.on('end', () => {
    const times = { pod, connectedAt, arrivedAt, listeningAt, processStartAt: performance.timeOrigin };
    const body = JSON.stringify(times);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.on('connection', (socket) => accepted.set(socket, now()));
server.listen(Number(process.env.PORT ?? 8080), process.env.POD_IP ?? '127.0.0.1', () => {
  listeningAt = now();
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
