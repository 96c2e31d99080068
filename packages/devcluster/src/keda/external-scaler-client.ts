// The client side of KEDA's external scaler contract (SPEC §5, proto/externalscaler.proto at the repository
// root), over real gRPC with @grpc/grpc-js: the calls KEDA makes for `external` and `external-push` triggers.
// KEDA's number handling: a MetricSpec's target is targetSizeFloat when that is non-zero, else targetSize;
// a MetricValue likewise.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { DevClusterError } from '../errors.js';

export interface ScaledObjectRef {
  readonly name: string;
  readonly namespace: string;
  readonly scalerMetadata: Readonly<Record<string, string>>;
}

export interface MetricSpec {
  readonly metricName: string;
  readonly target: number;
}

export interface MetricValue {
  readonly metricName: string;
  readonly value: number;
}

export interface IsActiveStream {
  cancel(): void;
}

export interface ExternalScalerClient {
  isActive(ref: ScaledObjectRef): Promise<boolean>;
  getMetricSpec(ref: ScaledObjectRef): Promise<MetricSpec[]>;
  getMetrics(ref: ScaledObjectRef, metricName: string): Promise<MetricValue[]>;
  /** Opens StreamIsActive; `onEnd` is called once, with the error (or undefined when the server ended it). */
  streamIsActive(
    ref: ScaledObjectRef,
    handlers: { onMessage: (active: boolean) => void; onEnd: (err: Error | undefined) => void },
  ): IsActiveStream;
  close(): void;
}

type Unary<Req, Res> = (
  req: Req,
  options: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res?: Res) => void,
) => void;

interface RawClient extends grpc.Client {
  IsActive: Unary<ScaledObjectRef, { result?: boolean }>;
  GetMetricSpec: Unary<
    ScaledObjectRef,
    { metricSpecs?: { metricName?: string; targetSize?: number; targetSizeFloat?: number }[] }
  >;
  GetMetrics: Unary<
    { scaledObjectRef: ScaledObjectRef; metricName: string },
    { metricValues?: { metricName?: string; metricValue?: number; metricValueFloat?: number }[] }
  >;
  StreamIsActive: (req: ScaledObjectRef) => grpc.ClientReadableStream<{ result?: boolean }>;
}

export type ScalerClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => RawClient;

/** Finds proto/externalscaler.proto by walking up from this module (works from src/ and dist/). */
export function findScalerProto(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'proto', 'externalscaler.proto');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new DevClusterError('INVALID_OPTIONS', `proto/externalscaler.proto not found above ${start}`);
    dir = parent;
  }
}

export function loadScalerService(protoPath: string): ScalerClientConstructor {
  const definition = protoLoader.loadSync(protoPath, {
    keepCase: true,
    longs: Number,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    externalscaler: { ExternalScaler: ScalerClientConstructor };
  };
  return pkg.externalscaler.ExternalScaler;
}

const preferFloat = (f: number | undefined, i: number | undefined): number =>
  f !== undefined && f !== 0 ? f : Number(i ?? 0);

export function createScalerClient(
  Service: ScalerClientConstructor,
  address: string,
  timeoutMs: number,
): ExternalScalerClient {
  const raw = new Service(address, grpc.credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 200,
    'grpc.max_reconnect_backoff_ms': 2000,
  });
  const options = (): grpc.CallOptions => ({ deadline: Date.now() + timeoutMs });
  function call<Req, Res>(method: Unary<Req, Res>, req: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
      method.call(raw, req, options(), (err, res) => (err ? reject(err) : resolve(res as Res))),
    );
  }
  return {
    async isActive(ref) {
      return (await call(raw.IsActive, ref)).result === true;
    },
    async getMetricSpec(ref) {
      const res = await call(raw.GetMetricSpec, ref);
      return (res.metricSpecs ?? []).map((s) => ({
        metricName: s.metricName ?? '',
        target: preferFloat(s.targetSizeFloat, s.targetSize),
      }));
    },
    async getMetrics(ref, metricName) {
      const res = await call(raw.GetMetrics, { scaledObjectRef: ref, metricName });
      return (res.metricValues ?? []).map((v) => ({
        metricName: v.metricName ?? '',
        value: preferFloat(v.metricValueFloat, v.metricValue),
      }));
    },
    streamIsActive(ref, handlers) {
      const stream = raw.StreamIsActive(ref);
      let ended = false;
      let cancelled = false;
      const end = (err: Error | undefined): void => {
        if (ended || cancelled) return;
        ended = true;
        handlers.onEnd(err);
      };
      stream.on('data', (msg: { result?: boolean }) => {
        if (!cancelled) handlers.onMessage(msg.result === true);
      });
      stream.on('error', (err: Error) => end(err));
      stream.on('end', () => end(undefined));
      return {
        cancel() {
          cancelled = true;
          stream.cancel();
        },
      };
    },
    close: () => raw.close(),
  };
}
