// Records core/v1 Events about an object, so that `kubectl describe` and `kubectl get events` show what a
// controller decided. Recording is best-effort: a failure is returned to the caller to report, never thrown
// into the reconcile that produced it.
import { randomBytes } from 'node:crypto';
import { builtinResources } from './resources.js';
import type { KubeClient, KubeObject } from './rest-client.js';

export interface EventRecord {
  readonly type: 'Normal' | 'Warning';
  /** UpperCamelCase, e.g. `InvalidSpec`. */
  readonly reason: string;
  readonly message: string;
}

export interface EventRecorderOptions {
  readonly client: KubeClient;
  /** The reporting component, e.g. `keda-http-operator`. */
  readonly component: string;
  readonly now?: () => number;
}

export type EventRecorder = (object: KubeObject, event: EventRecord) => Promise<Error | undefined>;

export function createEventRecorder(opts: EventRecorderOptions): EventRecorder {
  const now = opts.now ?? Date.now;
  return async (object, event) => {
    const md = object.metadata ?? {};
    const namespace = md.namespace ?? 'default';
    const ts = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    try {
      await opts.client.create(builtinResources.events, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${md.name ?? 'object'}.${randomBytes(8).toString('hex')}`, namespace },
        involvedObject: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: md.name,
          namespace: md.namespace,
          uid: md.uid,
          resourceVersion: md.resourceVersion,
        },
        type: event.type,
        reason: event.reason,
        message: event.message,
        source: { component: opts.component },
        reportingComponent: opts.component,
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
      });
      return undefined;
    } catch (err) {
      return err as Error;
    }
  };
}
