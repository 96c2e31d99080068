// KEDA at work on one ScaledObject (one spec generation of it):
// 1. check: the spec is usable and the scale target exists with a scale subresource; otherwise Ready False
//    (ScaledObjectCheckFailed, saying why) and a re-check with back-off;
// 2. poll IsActive on every trigger every pollingInterval (sooner, with back-off, after an error);
// 3. for `external-push` triggers, keep StreamIsActive open (reconnecting with back-off) and act on every
//    message at once;
// 4. on each sync period of the emulated HPA, GetMetricSpec + GetMetrics and the HPA formula.
// Every decision goes through one queue per ScaledObject, writes the target through /scale, updates the
// status and lands on the timeline.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import { tolerant } from '../controllers/object-refs.js';
import { ApiStatusError } from '../errors.js';
import type { ResourceClient } from '../store/resource-client.js';
import type { Store } from '../store/store.js';
import type { MetricSample, ScaleReason, Timeline } from '../timeline/event-timeline.js';
import type { IsActiveStream, ScalerClientConstructor } from './external-scaler-client.js';
import { desiredReplicas } from './hpa-formula.js';
import { decideScale, READY_OK, type Condition } from './scale-decision.js';
import {
  describeTarget,
  externalMetricName,
  NO_FALLBACK,
  patchScaledObjectStatus,
  removeCondition,
  resolveScaleTarget,
  setCondition,
} from './scaled-object-status.js';
import { parseScaledObject, type ScaledObjectConfig, type TriggerConfig } from './scaled-object-spec.js';
import { createTriggerScalers, type MetricReading } from './trigger-scalers.js';

export interface RuntimeDeps {
  readonly store: Store;
  readonly timeline: Timeline;
  readonly scalerService: ScalerClientConstructor;
  readonly callTimeoutMs: number;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly onError: (err: unknown) => void;
}

export interface ScaledObjectRuntime {
  hpaSync(): Promise<void>;
  stop(): void;
}

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const isoSeconds = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z';

export function startScaledObjectRuntime(so: KubeObject, deps: RuntimeDeps): ScaledObjectRuntime {
  const { store, timeline } = deps;
  const ns = so.metadata.namespace ?? 'default';
  const name = so.metadata.name ?? '';
  const uid = so.metadata.uid ?? '';
  const soKey = `${ns}/${name}`;
  const createdMs = Date.parse(so.metadata.creationTimestamp ?? '') || Date.now();
  const parsed = parseScaledObject(so);
  const scalers = createTriggerScalers({
    store,
    namespace: ns,
    name,
    service: deps.scalerService,
    callTimeoutMs: deps.callTimeoutMs,
  });
  const streams = new Set<IsActiveStream>();
  const timers = new Set<NodeJS.Timeout>();
  const lastMessages = new Map<string, string>();
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();
  let ready = false;
  let target: ResourceClient | undefined;
  const lastActive = obj(so['status'])['lastActiveTime'];
  let lastActiveMs = (typeof lastActive === 'string' ? Date.parse(lastActive) : NaN) || undefined;
  let checkBackoff = deps.retry.initialMs;
  let checkPending = false;
  let looping = false;
  let pollBackoff = deps.retry.initialMs;

  const later = (ms: number, fn: () => void): void => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };
  const serial = (fn: () => Promise<void> | void): Promise<void> => {
    chain = chain
      .then(async () => {
        if (!stopped) await fn();
      })
      .catch(deps.onError);
    return chain;
  };
  /** Records a scaler status on the timeline when it differs from the last one for the same subject. */
  const note = (subject: string, status: string, message: string, trigger?: number): void => {
    if (lastMessages.get(subject) === `${status}:${message}`) return;
    lastMessages.set(subject, `${status}:${message}`);
    timeline.record({
      kind: 'scaler',
      scaledObject: soKey,
      status,
      message,
      ...(trigger !== undefined ? { trigger } : {}),
    });
  };

  function patchStatus(change: (status: JsonObject) => void): void {
    if (!stopped) patchScaledObjectStatus(store, { namespace: ns, name, uid }, change);
  }

  const setReady = (c: Condition): void => patchStatus((s) => setCondition(s, 'Ready', c));

  function currentReplicas(config: ScaledObjectConfig): number | undefined {
    try {
      const scale = target?.getScale(ns, config.target.name);
      return typeof obj(scale?.['spec'])['replicas'] === 'number'
        ? (obj(scale?.['spec'])['replicas'] as number)
        : 0;
    } catch (err) {
      if (err instanceof ApiStatusError && err.httpCode === 404) {
        // The target went away: not Ready until a re-check finds it again.
        ready = false;
        scheduleCheck(`scaleTargetRef: ${config.target.kind} ${ns}/${config.target.name} not found`);
        return undefined;
      }
      throw err;
    }
  }

  function scaleTo(
    config: ScaledObjectConfig,
    from: number,
    to: number,
    why: { reason: ScaleReason; metrics?: MetricSample[] },
  ): void {
    if (from === to || stopped) return;
    tolerant(() => target?.scale(ns, config.target.name, to));
    timeline.record({
      kind: 'scale',
      scaledObject: soKey,
      target: `${config.target.kind} ${ns}/${config.target.name}`,
      reason: why.reason,
      from,
      to,
      ...(why.metrics !== undefined ? { metrics: why.metrics } : {}),
    });
  }

  function requestScale(
    config: ScaledObjectConfig,
    isActive: boolean,
    isError: boolean,
    errorDetail?: string,
  ): void {
    if (!ready) return;
    const current = currentReplicas(config);
    if (current === undefined) return;
    const now = Date.now();
    const decision = decideScale({
      isActive,
      isError,
      ...(errorDetail !== undefined ? { errorDetail } : {}),
      currentReplicas: current,
      minReplicas: config.minReplicas,
      idleReplicas: config.idleReplicas,
      cooldownMs: config.cooldownMs,
      initialCooldownMs: config.initialCooldownMs,
      lastActiveMs,
      createdMs,
      nowMs: now,
    });
    if (decision.scaleTo !== undefined)
      scaleTo(config, current, decision.scaleTo.replicas, { reason: decision.scaleTo.reason });
    if (decision.touchLastActive) lastActiveMs = now;
    patchStatus((s) => {
      setCondition(s, 'Ready', decision.ready);
      setCondition(s, 'Active', decision.active);
      if (decision.touchLastActive) s['lastActiveTime'] = isoSeconds(now);
    });
  }

  function fail(message: string): void {
    note('check', 'invalid', message);
    setReady({ status: 'False', reason: 'ScaledObjectCheckFailed', message });
  }

  async function poll(config: ScaledObjectConfig): Promise<void> {
    const results = await Promise.all(config.triggers.map((t) => scalers.isActive(t)));
    const errors = results.flatMap((r) => (r.error !== undefined ? [r.error] : []));
    for (const [i, r] of results.entries()) {
      if (r.error !== undefined) note(`trigger-${i}`, 'error', r.error, i);
      else note(`trigger-${i}`, 'ok', `IsActive=${r.active}`, i);
    }
    await serial(() =>
      requestScale(
        config,
        results.some((r) => r.active),
        errors.length > 0,
        errors.join('; ') || undefined,
      ),
    );
    if (errors.length > 0) {
      later(Math.min(pollBackoff, config.pollingIntervalMs), () => void poll(config));
      pollBackoff = Math.min(pollBackoff * 2, deps.retry.maxMs);
    } else {
      pollBackoff = deps.retry.initialMs;
      later(config.pollingIntervalMs, () => void poll(config));
    }
  }

  function openStream(config: ScaledObjectConfig, t: TriggerConfig, backoffMs: number): void {
    if (stopped) return;
    const retry = (message: string): void => {
      note(`stream-${t.index}`, 'error', message, t.index);
      later(backoffMs, () => openStream(config, t, Math.min(backoffMs * 2, deps.retry.maxMs)));
    };
    const stream = scalers.stream(t, {
      onMessage(active, target) {
        backoffMs = deps.retry.initialMs;
        note(`stream-${t.index}`, 'connected', `StreamIsActive open to ${target}`, t.index);
        timeline.record({ kind: 'stream', scaledObject: soKey, trigger: t.index, active });
        void serial(() => requestScale(config, active, false));
      },
      onEnd(message) {
        if (!('error' in stream)) streams.delete(stream);
        retry(message);
      },
    });
    if ('error' in stream) return retry(stream.error);
    streams.add(stream);
  }

  async function refreshMetricNames(config: ScaledObjectConfig): Promise<void> {
    const names: string[] = [];
    for (const t of config.triggers) {
      const result = await scalers.metrics(t);
      if ('error' in result) return; // the poll reports it; the names come with the next HPA sync
      names.push(...result.readings.map((r) => externalMetricName(r.trigger, r.metricName)));
    }
    patchStatus((s) => void (s['externalMetricNames'] = names));
  }

  function scheduleCheck(message: string): void {
    fail(message);
    if (checkPending) return;
    checkPending = true;
    later(checkBackoff, () => {
      checkPending = false;
      check();
    });
    checkBackoff = Math.min(checkBackoff * 2, deps.retry.maxMs);
  }

  function check(): void {
    if (stopped) return;
    const retryCheck = scheduleCheck;
    if (!parsed.ok) return retryCheck(parsed.message);
    const config = parsed.config;
    const resolved = resolveScaleTarget(store, config);
    if ('error' in resolved) return retryCheck(resolved.error);
    const client = resolved.client;
    target = client;
    ready = true;
    checkBackoff = deps.retry.initialMs;
    const replicas = currentReplicas(config) ?? 0;
    patchStatus((s) => {
      describeTarget(s, config, client.type);
      if (typeof s['originalReplicaCount'] !== 'number') s['originalReplicaCount'] = replicas;
      setCondition(s, 'Ready', READY_OK);
      setCondition(s, 'Fallback', NO_FALLBACK);
      if (config.paused)
        setCondition(s, 'Paused', {
          status: 'True',
          reason: 'ScaledObjectPaused',
          message: 'ScaledObject is paused',
        });
      else removeCondition(s, 'Paused');
    });
    note('check', 'ready', `scale target ${config.target.kind} ${ns}/${config.target.name} found`);
    if (config.paused) {
      if (config.pausedReplicas !== undefined)
        scaleTo(config, replicas, config.pausedReplicas, { reason: 'paused' });
      return;
    }
    if (looping) return; // a re-check after the target came back: the loops still run
    looping = true;
    void refreshMetricNames(config);
    void poll(config);
    for (const t of config.triggers)
      if (t.type === 'external-push') openStream(config, t, deps.retry.initialMs);
  }

  async function hpaSync(config: ScaledObjectConfig): Promise<void> {
    const current = currentReplicas(config);
    if (current === undefined || current === 0) return; // the HPA is off at zero; KEDA activates
    const min = Math.max(1, config.minReplicas);
    if (current < min || current > config.maxReplicas) {
      scaleTo(config, current, Math.min(config.maxReplicas, Math.max(min, current)), {
        reason: 'hpa-bounds',
      });
      return;
    }
    const samples: MetricReading[] = [];
    for (const t of config.triggers) {
      const result = await scalers.metrics(t);
      if ('error' in result) return note(`hpa-${t.index}`, 'error', `HPA: ${result.error}`, t.index);
      note(`hpa-${t.index}`, 'ok', 'GetMetricSpec and GetMetrics answered', t.index);
      samples.push(...result.readings);
    }
    const names = samples.map((s) => externalMetricName(s.trigger, s.metricName));
    patchStatus((s) => void (s['externalMetricNames'] = names));
    const usable = samples.filter((s) => s.target > 0);
    if (usable.length === 0) return;
    const result = desiredReplicas({
      currentReplicas: current,
      metrics: usable,
      minReplicas: min,
      maxReplicas: config.maxReplicas,
    });
    const metrics = usable.map((s, i) => ({ ...s, desired: result.perMetric[i] ?? current }));
    scaleTo(config, current, result.desired, { reason: 'hpa', metrics });
  }

  check();
  return {
    hpaSync: () =>
      ready && parsed.ok && !parsed.config.paused ? serial(() => hpaSync(parsed.config)) : Promise.resolve(),
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of streams) s.cancel();
      streams.clear();
      scalers.close();
    },
  };
}
