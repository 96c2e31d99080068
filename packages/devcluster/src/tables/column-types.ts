// Table column definitions (meta.k8s.io/v1 TableColumnDefinition) and the per-kind printers built from them.
import type { KubeObject } from '../api/types.js';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

export interface Printer {
  readonly columns: readonly ColumnDefinition[];
  cells(obj: KubeObject, now: number): unknown[];
}

export function column(
  name: string,
  type: string,
  options: { format?: string; priority?: number; description?: string } = {},
): ColumnDefinition {
  return {
    name,
    type,
    format: options.format ?? '',
    description: options.description ?? name,
    priority: options.priority ?? 0,
  };
}

export const nameColumn = column('Name', 'string', {
  format: 'name',
  description: 'Name must be unique within a namespace.',
});
export const ageColumn = column('Age', 'string', { description: 'Time since the object was created.' });
