// Starts a built fastify app listening on a port with no host, so Node picks the unspecified address (`::`,
// or `0.0.0.0` without IPv6) and devcluster's per-pod loopback shim can apply (deployables.md, "Networking
// conventions"). fastify's own listen() always passes a host, so the server is listened on directly once the
// app is ready. Logs the one JSON line per listener that tests read: {"msg":"listening","server",…,"port"}.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface ListenLogger {
  info(obj: object, msg: string): void;
}

export async function listenUnspecified(
  app: FastifyInstance,
  port: number,
  server: string,
  logger: ListenLogger,
): Promise<AddressInfo> {
  await app.ready();
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    app.server.once('error', onError);
    app.server.listen(port, () => {
      app.server.off('error', onError);
      resolve();
    });
  });
  const address = app.server.address() as AddressInfo;
  logger.info({ server, address: address.address, port: address.port }, 'listening');
  return address;
}
