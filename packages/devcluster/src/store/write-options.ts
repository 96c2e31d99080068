// Options and results shared by the store's write operations (the query parameters of a write request).
import type { KubeObject } from '../api/types.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  /** Run the whole write, but store nothing and notify no one (`?dryRun=All`). */
  readonly dryRun?: boolean;
  /** What to do with fields a custom resource's schema does not know (in-process default: Ignore). */
  readonly fieldValidation?: FieldValidation;
  readonly fieldManager?: string;
}

export interface WriteResult {
  readonly object: KubeObject;
  /** Warnings for the client (sent as `Warning: 299 - "…"` headers over HTTP). */
  readonly warnings: readonly string[];
  /** True when the write created the object (201 over HTTP). */
  readonly created: boolean;
}
