// --data-dir: the whole store saved as one JSON snapshot (written atomically a moment after changes, and on
// stop), and loaded back on start. The event history is not kept, so watches from before a restart get 410.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deepFreeze } from './api/deep-values.js';
import { isJsonObject, type KubeObject } from './api/types.js';
import { DevClusterError } from './errors.js';
import { storageKeyOf } from './registry/resource-type.js';
import { entryOf } from './store/object-table.js';
import type { Store, StoreInternals } from './store/store.js';

interface Snapshot {
  readonly format: 'devcluster/v1';
  readonly resourceVersion: number;
  readonly objects: KubeObject[];
}

const FILE = 'state.json';
const CRD_API = 'apiextensions.k8s.io/v1';

/** Loads a snapshot into an empty store; returns how many objects were restored. */
export function loadSnapshot(dataDir: string, internals: StoreInternals): number {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return 0;
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  } catch (err) {
    throw new DevClusterError('PERSISTENCE', `cannot read the devcluster snapshot ${path}`, { cause: err });
  }
  if (snapshot.format !== 'devcluster/v1' || !Array.isArray(snapshot.objects)) {
    throw new DevClusterError('PERSISTENCE', `${path} is not a devcluster snapshot`);
  }
  const { state } = internals;
  const crdsFirst = [...snapshot.objects].sort(
    (a, b) => Number(b.apiVersion === CRD_API) - Number(a.apiVersion === CRD_API),
  );
  let restored = 0;
  for (const obj of crdsFirst) {
    if (!isJsonObject(obj) || !isJsonObject(obj.metadata)) continue;
    const type = state.registry.byKind(obj.apiVersion, obj.kind);
    if (type === undefined) continue;
    const object = deepFreeze(obj);
    state.table
      .bucket(storageKeyOf(type))
      .set(
        type.namespaced ? (object.metadata.namespace ?? '') : '',
        object.metadata.name ?? '',
        entryOf(object),
      );
    if (type.kind === 'CustomResourceDefinition' && type.group === 'apiextensions.k8s.io') {
      try {
        state.crds.activate(object, state.crds.compile(object));
      } catch (err) {
        throw new DevClusterError(
          'PERSISTENCE',
          `${path}: the saved CRD ${object.metadata.name ?? ''} is no longer accepted`,
          {
            cause: err,
          },
        );
      }
    }
    if (type.kind === 'Service' && type.group === '') state.allocator.reserve(object);
    restored++;
  }
  state.rv = Math.max(state.rv, snapshot.resourceVersion);
  state.history.compactTo(state.rv);
  return restored;
}

export interface Persistence {
  /** Writes the snapshot now if anything changed. */
  flush(): void;
  stop(): void;
}

/**
 * Saves the store to `dataDir` `delayMs` after the last change (and at least every `delayMs * 5` while changes
 * keep coming). A failed background save is reported to `onError`; a failed final save on stop() throws.
 */
export interface PersistenceOptions {
  readonly dataDir: string;
  readonly store: Store;
  readonly internals: StoreInternals;
  readonly onError: (err: unknown) => void;
  /** Quiet time after a change before the snapshot is written (default 200 ms). */
  readonly delayMs?: number;
}

export function startPersistence(options: PersistenceOptions): Persistence {
  const { dataDir, store, internals, onError } = options;
  const delayMs = options.delayMs ?? 200;
  mkdirSync(dataDir, { recursive: true });
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let firstDirtyAt = 0;

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    const objects: KubeObject[] = [];
    store.forEachObject((_t, o) => objects.push(o));
    const snapshot: Snapshot = { format: 'devcluster/v1', resourceVersion: internals.state.rv, objects };
    const path = join(dataDir, FILE);
    try {
      writeFileSync(`${path}.tmp`, JSON.stringify(snapshot));
      renameSync(`${path}.tmp`, path);
    } catch (err) {
      throw new DevClusterError('PERSISTENCE', `cannot write the devcluster snapshot ${path}`, {
        cause: err,
      });
    }
  }

  const unsubscribe = store.subscribe(() => {
    const now = Date.now();
    if (!dirty) firstDirtyAt = now;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        try {
          flush();
        } catch (err) {
          onError(err);
        }
      },
      now - firstDirtyAt > delayMs * 5 ? 0 : delayMs,
    );
  });
  return {
    flush,
    stop() {
      unsubscribe();
      flush();
    },
  };
}
