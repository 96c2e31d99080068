// A gRPC client of the scaler for its tests and benchmark, built from the same proto with grpc-js, as KEDA's
// Go client would call it: the four ExternalScaler RPCs as promises, StreamIsActive recorded with arrival
// times, and grpc.health.v1.Health.
import { credentials, loadPackageDefinition, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { MetricSpec__Output } from '../generated/externalscaler/MetricSpec.js';
import type { MetricValue__Output } from '../generated/externalscaler/MetricValue.js';
import type { ScaledObjectRef } from '../generated/externalscaler/ScaledObjectRef.js';
import { LOADER_OPTIONS, loadExternalScalerProto } from '../grpc/proto.js';

export interface StreamRecording {
  /** Each message with the time it arrived (performance.now()). */
  readonly messages: { readonly atMs: number; readonly result: boolean }[];
  /** Resolves when the stream ends: undefined for OK or a client cancel, else the error. */
  readonly ended: Promise<ServiceError | undefined>;
  cancel(): void;
}

export interface ScalerClient {
  isActive(ref: ScaledObjectRef): Promise<boolean>;
  getMetricSpec(ref: ScaledObjectRef): Promise<MetricSpec__Output[]>;
  getMetrics(ref: ScaledObjectRef, metricName?: string): Promise<MetricValue__Output[]>;
  stream(ref: ScaledObjectRef): StreamRecording;
  /** The health status of a service ('' for the server). */
  health(service: string): Promise<string>;
  close(): void;
}

type Callback<T> = (err: ServiceError | null, value?: T) => void;
type Unary<Req, Res> = (req: Req, cb: Callback<Res>) => void;

export function createScalerClient(target: string): ScalerClient {
  const proto = loadExternalScalerProto();
  const scaler = new proto.grpc.externalscaler.ExternalScaler(target, credentials.createInsecure());
  const healthPkg = loadPackageDefinition(loadSync(healthProtoPath, LOADER_OPTIONS)) as unknown as {
    grpc: { health: { v1: { Health: new (target: string, creds: unknown) => Client } } };
  };
  const health = new healthPkg.grpc.health.v1.Health(target, credentials.createInsecure()) as Client & {
    check: Unary<{ service: string }, { status: string }>;
  };
  const call = <Req, Res>(fn: Unary<Req, Res>, req: Req): Promise<Res> =>
    new Promise((resolve, reject) => fn(req, (err, value) => (err ? reject(err) : resolve(value as Res))));

  return {
    isActive: async (ref) =>
      (await call(scaler.IsActive.bind(scaler) as Unary<ScaledObjectRef, { result: boolean }>, ref)).result,
    getMetricSpec: async (ref) =>
      (
        await call(
          scaler.GetMetricSpec.bind(scaler) as Unary<ScaledObjectRef, { metricSpecs: MetricSpec__Output[] }>,
          ref,
        )
      ).metricSpecs,
    getMetrics: async (ref, metricName = '') =>
      (
        await call(
          scaler.GetMetrics.bind(scaler) as Unary<
            { scaledObjectRef: ScaledObjectRef; metricName: string },
            { metricValues: MetricValue__Output[] }
          >,
          { scaledObjectRef: ref, metricName },
        )
      ).metricValues,
    stream(ref) {
      const messages: { atMs: number; result: boolean }[] = [];
      const s = scaler.StreamIsActive(ref);
      s.on('data', (m: { result: boolean }) => messages.push({ atMs: performance.now(), result: m.result }));
      const ended = new Promise<ServiceError | undefined>((resolve) => {
        s.on('error', (err: ServiceError) => resolve(err.code === status.CANCELLED ? undefined : err));
        s.on('end', () => resolve(undefined));
      });
      return { messages, ended, cancel: () => s.cancel() };
    },
    health: async (service) => (await call(health.check.bind(health), { service })).status,
    close() {
      scaler.close();
      health.close();
    },
  };
}
