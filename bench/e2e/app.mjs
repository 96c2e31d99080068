// The app of the end-to-end benchmark, run in a devcluster pod as image `keda-http-bench/app`: a plain
// node:http server on $POD_IP:$PORT that answers every request with the times it knows, in epoch
// milliseconds with sub-millisecond precision: when the request reached it, when it started listening, and
// when its process started (performance.timeOrigin). The benchmark subtracts these from the timeline.
import http from 'node:http';

const now = () => performance.timeOrigin + performance.now();
const pod = process.env.HOSTNAME ?? 'app';
let listeningAt = 0;

const server = http.createServer((req, res) => {
  const arrivedAt = now();
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({ pod, arrivedAt, listeningAt, processStartAt: performance.timeOrigin });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 8080), process.env.POD_IP ?? '127.0.0.1', () => {
  listeningAt = now();
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
