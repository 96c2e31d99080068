// The change record every write produces: kept in the bounded history for watch replay and fanned out to
// live watchers.
import type { KubeObject } from '../api/types.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: ChangeType;
  /** The global resourceVersion this write produced. */
  readonly rv: number;
  /** `<group>/<resource>`: which resource the object belongs to, across versions. */
  readonly storageKey: string;
  /** The object after the write (for DELETED, its last state, carrying the deletion's resourceVersion). */
  readonly object: KubeObject;
  /** `object` serialised once, for every HTTP watcher. */
  readonly json: string;
  /** `json` as UTF-8. */
  readonly bytes: Buffer;
  /** The object before the write (absent for ADDED), for selector transitions. */
  readonly previous: KubeObject | undefined;
}
