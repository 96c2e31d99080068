// A small KEDA external scaler for tests: a real gRPC server (grpc-js, the repository's
// proto/externalscaler.proto) whose answers a test sets, which records every call, and which pushes
// StreamIsActive messages when told to.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { findScalerProto } from '../keda/external-scaler-client.js';

export interface TestMetricSpec {
  readonly metricName: string;
  readonly targetSize?: number;
  readonly targetSizeFloat?: number;
}

export interface TestMetricValue {
  readonly metricValue?: number;
  readonly metricValueFloat?: number;
}

export interface ScalerCall {
  readonly method: 'IsActive' | 'StreamIsActive' | 'GetMetricSpec' | 'GetMetrics';
  readonly ms: number;
  readonly request: unknown;
  /** For IsActive: what it answered. */
  readonly answer?: boolean;
}

export interface TestScaler {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  readonly port: number;
  /** What IsActive answers. */
  active: boolean;
  /** What GetMetricSpec answers. */
  metricSpecs: TestMetricSpec[];
  /** What GetMetrics answers for each metric name. */
  metricValues: Record<string, TestMetricValue>;
  /** When set, every call fails with this gRPC status code. */
  failWith: grpc.status | undefined;
  readonly calls: ScalerCall[];
  /** Sends `active` on every open StreamIsActive; returns how many streams got it. */
  push(active: boolean): number;
  openStreams(): number;
  close(): Promise<void>;
}

type Handler = grpc.UntypedServiceImplementation[string];

export async function startTestScaler(options: { port?: number; host?: string } = {}): Promise<TestScaler> {
  const definition = protoLoader.loadSync(findScalerProto(), {
    keepCase: true,
    longs: Number,
    defaults: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    externalscaler: { ExternalScaler: { service: grpc.ServiceDefinition } };
  };
  const streams = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  const server = new grpc.Server();
  const failure = (): grpc.ServiceError | null =>
    scaler.failWith === undefined
      ? null
      : Object.assign(new Error('test scaler told to fail'), {
          code: scaler.failWith,
          details: 'test scaler told to fail',
          metadata: new grpc.Metadata(),
        });
  const record = (method: ScalerCall['method'], request: unknown, answer?: boolean): void => {
    scaler.calls.push({ method, ms: Date.now(), request, ...(answer !== undefined ? { answer } : {}) });
  };
  const implementation: Record<string, Handler> = {
    IsActive: ((call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      record('IsActive', call.request, scaler.active);
      const err = failure();
      if (err !== null) cb(err);
      else cb(null, { result: scaler.active });
    }) as Handler,
    StreamIsActive: ((call: grpc.ServerWritableStream<unknown, unknown>) => {
      record('StreamIsActive', call.request);
      if (scaler.failWith !== undefined) {
        call.destroy(failure() ?? undefined);
        return;
      }
      streams.add(call);
      call.on('cancelled', () => streams.delete(call));
      call.on('close', () => streams.delete(call));
    }) as Handler,
    GetMetricSpec: ((call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      record('GetMetricSpec', call.request);
      const err = failure();
      if (err !== null) cb(err);
      else cb(null, { metricSpecs: scaler.metricSpecs });
    }) as Handler,
    GetMetrics: ((
      call: grpc.ServerUnaryCall<{ metricName?: string }, unknown>,
      cb: grpc.sendUnaryData<unknown>,
    ) => {
      record('GetMetrics', call.request);
      const err = failure();
      if (err !== null) return cb(err);
      const name = call.request.metricName ?? '';
      const value = scaler.metricValues[name];
      cb(null, { metricValues: value === undefined ? [] : [{ metricName: name, ...value }] });
    }) as Handler,
  };
  server.addService(pkg.externalscaler.ExternalScaler.service, implementation);
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const scaler: TestScaler = {
    address: `${host}:${port}`,
    port,
    active: false,
    metricSpecs: [],
    metricValues: {},
    failWith: undefined,
    calls: [],
    push(active) {
      for (const s of streams) s.write({ result: active });
      return streams.size;
    },
    openStreams: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        streams.clear();
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 1000).unref();
      }),
  };
  return scaler;
}
