// grpc.health.v1.Health for the services "" (the server), "liveness" and "readiness" (SPEC §5): SERVING while
// the last successful poll is at most two ticks old, NOT_SERVING before the first one, after two ticks without
// one, and from the start of shutdown. Kubernetes' gRPC probes ask for "liveness" and "readiness".
import type { Server } from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';

export const HEALTH_SERVICES = ['', 'liveness', 'readiness'] as const;

export interface ScalerHealth {
  addToServer(server: Server): void;
  /** Sets every service's status; returns true when it changed. */
  set(serving: boolean): boolean;
  readonly serving: boolean;
}

export function createScalerHealth(): ScalerHealth {
  const initial: Record<string, ServingStatus> = {};
  for (const name of HEALTH_SERVICES) initial[name] = 'NOT_SERVING';
  const impl = new HealthImplementation(initial);
  let serving = false;
  return {
    addToServer: (server) => impl.addToServer(server),
    set(next) {
      if (next === serving) return false;
      serving = next;
      for (const name of HEALTH_SERVICES) impl.setStatus(name, next ? 'SERVING' : 'NOT_SERVING');
      return true;
    },
    get serving() {
      return serving;
    },
  };
}

/** SPEC §5: healthy while the last successful poll is at most two ticks old. */
export function pollIsFresh(lastSuccessMs: number | undefined, nowMs: number, tickMs: number): boolean {
  return lastSuccessMs !== undefined && nowMs - lastSuccessMs <= 2 * tickMs;
}
