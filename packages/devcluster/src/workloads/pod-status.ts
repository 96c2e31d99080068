// The status the emulated kubelet writes for a pod: phase, the five conditions (PodScheduled,
// PodReadyToStartContainers, Initialized, ContainersReady, Ready, keeping each one's lastTransitionTime while
// it holds), the pod and host IPs, startTime and the container statuses.
import { isJsonObject, type JsonObject } from '../api/types.js';

export const NODE_NAME = 'devcluster';
export const HOST_IP = '127.0.0.1';

export interface PodStatusInput {
  readonly previous: JsonObject;
  readonly podIp: string | undefined;
  readonly startTime: string;
  readonly containers: readonly JsonObject[];
  readonly now: string;
}

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});

function hasStarted(c: JsonObject): boolean {
  const state = obj(c['state']);
  return (
    state['running'] !== undefined ||
    state['terminated'] !== undefined ||
    obj(c['lastState'])['terminated'] !== undefined ||
    (typeof c['restartCount'] === 'number' && c['restartCount'] > 0)
  );
}

export function podPhase(containers: readonly JsonObject[]): string {
  if (containers.length === 0 || containers.some((c) => !hasStarted(c))) return 'Pending';
  const terminated = containers.map((c) => obj(obj(c['state'])['terminated']));
  if (containers.every((c) => obj(c['state'])['terminated'] !== undefined)) {
    return terminated.every((t) => t['exitCode'] === 0) ? 'Succeeded' : 'Failed';
  }
  return 'Running';
}

interface ConditionInput {
  readonly type: string;
  readonly ok: boolean;
  readonly why?: { readonly reason: string; readonly message: string };
}

function condition(previous: JsonObject[], now: string, c: ConditionInput): JsonObject {
  const status = c.ok ? 'True' : 'False';
  const before = previous.find((p) => p['type'] === c.type);
  const since =
    before?.['status'] === status && typeof before['lastTransitionTime'] === 'string'
      ? before['lastTransitionTime']
      : now;
  return {
    type: c.type,
    status,
    lastProbeTime: null,
    lastTransitionTime: since,
    ...(c.ok || c.why === undefined ? {} : c.why),
  };
}

export function podStatus(input: PodStatusInput): JsonObject {
  const previousConditions = Array.isArray(input.previous['conditions'])
    ? input.previous['conditions'].filter(isJsonObject)
    : [];
  const unready = input.containers.filter((c) => c['ready'] !== true).map((c) => String(c['name']));
  const allReady = input.containers.length > 0 && unready.length === 0;
  const why = {
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${unready.join(' ')}]`,
  };
  const cond = (type: string, ok: boolean, reason?: typeof why): JsonObject =>
    condition(previousConditions, input.now, { type, ok, ...(reason !== undefined ? { why: reason } : {}) });
  const status: JsonObject = {
    phase: podPhase(input.containers),
    conditions: [
      cond('PodReadyToStartContainers', input.podIp !== undefined),
      cond('Initialized', true),
      cond('Ready', allReady, why),
      cond('ContainersReady', allReady, why),
      cond('PodScheduled', true),
    ],
    hostIP: HOST_IP,
    hostIPs: [{ ip: HOST_IP }],
    startTime: input.startTime,
    containerStatuses: input.containers,
    qosClass: typeof input.previous['qosClass'] === 'string' ? input.previous['qosClass'] : 'BestEffort',
  };
  if (input.podIp !== undefined) {
    status['podIP'] = input.podIp;
    status['podIPs'] = [{ ip: input.podIp }];
  }
  return status;
}
