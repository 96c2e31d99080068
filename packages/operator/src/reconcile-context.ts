// What a reconcile needs, declared narrowly by the consumer (DESIGN habit 5): cached reads from the
// informers, the REST client for writes, the Event recorder, the clock and a logger. Tests build one over a
// devcluster; the operator builds one over its informers.
import type { EventRecorder, KubeClient, KubeObject } from '@keda-http/k8s';
import type { ScaledObject } from './desired-scaled-object.js';
import type { ServiceLookup } from './spec-checks.js';
import type { RecentWrites } from './recent-writes.js';
import type { StatusMemo } from './status-writer.js';

export interface ReconcileLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ReconcileContext {
  readonly client: KubeClient;
  /** The HTTPScaledObject as the informer holds it. */
  readonly httpScaledObject: (namespace: string, name: string) => KubeObject | undefined;
  readonly interceptorRoute: (namespace: string, name: string) => KubeObject | undefined;
  /** The ScaledObject as the informer holds it (may lag behind our own writes). */
  readonly scaledObject: (namespace: string, name: string) => ScaledObject | undefined;
  /**
   * ScaledObjects this operator wrote (`namespace/name` → the server's answer) that the informer has not
   * delivered yet; the operator drops an entry on the informer's next event for that object, or after a few
   * seconds.
   */
  readonly writtenScaledObjects: RecentWrites<ScaledObject>;
  readonly service: ServiceLookup;
  /** `<scaler service>.<operator namespace>:<port>` */
  readonly scalerAddress: string;
  readonly recordEvent: EventRecorder;
  /** The last status written per object; see status-writer.ts. */
  readonly statusMemo: StatusMemo;
  readonly now: () => number;
  readonly log: ReconcileLogger;
}
