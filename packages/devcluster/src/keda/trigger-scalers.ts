// The gRPC side of one ScaledObject's triggers: a client per resolved scaler address (re-resolved on every
// call, so a scaler pod that moves is followed), the ScaledObjectRef KEDA sends (name, namespace and the
// trigger's metadata), and KEDA's questions with their failures turned into messages that say what failed.
import type { Store } from '../store/store.js';
import type { MetricSample } from '../timeline/event-timeline.js';
import {
  createScalerClient,
  type ExternalScalerClient,
  type IsActiveStream,
  type ScaledObjectRef,
  type ScalerClientConstructor,
} from './external-scaler-client.js';
import { resolveScalerAddress } from './scaler-address.js';
import type { TriggerConfig } from './scaled-object-spec.js';

export type MetricReading = Omit<MetricSample, 'desired'>;

export interface TriggerScalers {
  isActive(t: TriggerConfig): Promise<{ active: boolean; error?: string }>;
  /** GetMetricSpec, then GetMetrics for each metric (values of one metric summed, as the HPA sums them). */
  metrics(t: TriggerConfig): Promise<{ readings: MetricReading[] } | { error: string }>;
  /** Opens StreamIsActive, or says why it cannot. */
  stream(
    t: TriggerConfig,
    handlers: { onMessage: (active: boolean, target: string) => void; onEnd: (message: string) => void },
  ): IsActiveStream | { error: string };
  close(): void;
}

export interface TriggerScalersOptions {
  readonly store: Store;
  readonly namespace: string;
  readonly name: string;
  readonly service: ScalerClientConstructor;
  readonly callTimeoutMs: number;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createTriggerScalers(o: TriggerScalersOptions): TriggerScalers {
  const clients = new Map<string, ExternalScalerClient>();

  function connect(t: TriggerConfig): { client: ExternalScalerClient; target: string } | { error: string } {
    const resolved = resolveScalerAddress(o.store, t.scalerAddress, o.namespace);
    if (!resolved.ok) return { error: `scaler ${t.scalerAddress} unreachable: ${resolved.message}` };
    let client = clients.get(resolved.target);
    if (client === undefined) {
      client = createScalerClient(o.service, resolved.target, o.callTimeoutMs);
      clients.set(resolved.target, client);
    }
    return { client, target: resolved.target };
  }

  const ref = (t: TriggerConfig): ScaledObjectRef => ({
    name: o.name,
    namespace: o.namespace,
    scalerMetadata: t.metadata,
  });

  return {
    async isActive(t) {
      const c = connect(t);
      if ('error' in c) return { active: false, error: `trigger ${t.index}: ${c.error}` };
      try {
        return { active: await c.client.isActive(ref(t)) };
      } catch (err) {
        return {
          active: false,
          error: `trigger ${t.index}: scaler ${t.scalerAddress} (${c.target}) IsActive failed: ${errorText(err)}`,
        };
      }
    },
    async metrics(t) {
      const c = connect(t);
      if ('error' in c) return { error: `trigger ${t.index}: ${c.error}` };
      try {
        const readings: MetricReading[] = [];
        for (const spec of await c.client.getMetricSpec(ref(t))) {
          const values = await c.client.getMetrics(ref(t), spec.metricName);
          readings.push({
            trigger: t.index,
            metricName: spec.metricName,
            value: values.reduce((sum, v) => sum + v.value, 0),
            target: spec.target,
            metricType: t.metricType,
          });
        }
        return { readings };
      } catch (err) {
        return { error: `trigger ${t.index}: metrics from ${c.target} failed: ${errorText(err)}` };
      }
    },
    stream(t, handlers) {
      const c = connect(t);
      if ('error' in c) return { error: `StreamIsActive: ${c.error}` };
      return c.client.streamIsActive(ref(t), {
        onMessage: (active) => handlers.onMessage(active, c.target),
        onEnd: (err) =>
          handlers.onEnd(
            `StreamIsActive to ${c.target} ended: ${err === undefined ? 'closed by the scaler' : errorText(err)}`,
          ),
      });
    },
    close() {
      for (const c of clients.values()) c.close();
      clients.clear();
    },
  };
}
