// The scaler's gRPC server: externalscaler.ExternalScaler, grpc.health.v1.Health and server reflection (v1 and
// v1alpha, describing both services). grpc-js is fed connections from a plain net.Server rather than binding
// itself, so the listener behaves like every other listener of the project: `listen(port)` with no host (Node
// picks `::` or `0.0.0.0`, and devcluster's loopback shim can take over), port 0 works, and the bound port is
// known at once.
import { once } from 'node:events';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { ExternalScalerHandlers } from '../generated/externalscaler/ExternalScaler.js';
import type { ScalerHealth } from './health.js';
import { LOADER_OPTIONS, type ExternalScalerProto } from './proto.js';

export interface GrpcServerOptions {
  readonly proto: ExternalScalerProto;
  readonly handlers: ExternalScalerHandlers;
  readonly health: ScalerHealth;
}

export interface ScalerGrpcServer {
  /** Starts accepting connections; resolves with the bound address. */
  listen(port: number): Promise<AddressInfo>;
  /** Stops accepting, lets open calls finish for up to `graceMs`, then cancels what is left. */
  shutdown(graceMs: number): Promise<void>;
}

export function buildGrpcServer(options: GrpcServerOptions): ScalerGrpcServer {
  const server = new Server();
  server.addService(options.proto.service, options.handlers);
  options.health.addToServer(server);
  const healthDefinition = loadSync(healthProtoPath, LOADER_OPTIONS);
  new ReflectionService({ ...options.proto.packageDefinition, ...healthDefinition }).addToServer(server);

  const injector = server.createConnectionInjector(ServerCredentials.createInsecure());
  const sockets = new Set<Socket>();
  let listener: NetServer | undefined;

  return {
    async listen(port) {
      const net = createServer((socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        injector.injectConnection(socket);
      });
      listener = net;
      net.listen(port);
      await once(net, 'listening');
      return net.address() as AddressInfo;
    },
    async shutdown(graceMs) {
      const closed = listener ? new Promise<void>((resolve) => listener?.close(() => resolve())) : undefined;
      // GOAWAY to every client: calls in progress finish (a stream's final status included), then each
      // connection closes by itself; injector.drain destroys what is still open after graceMs.
      injector.drain(graceMs);
      const allClosed = Promise.all(
        [...sockets].map((socket) => once(socket, 'close').catch(() => undefined)),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        allClosed,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs + 100))),
      ]);
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      server.forceShutdown();
      injector.destroy();
      await closed;
    },
  };
}
