// meta.k8s.io Tables for `kubectl get`: built-in kinds use their printers, custom resources their CRD's
// additionalPrinterColumns (JSONPath cells, `date` cells as ages), anything else Name and Age.
import type { KubeObject } from '../api/types.js';
import type { PrinterColumn, ResourceType } from '../registry/resource-type.js';
import { builtinPrinters } from './builtin-printers.js';
import { ageColumn, column, nameColumn, type ColumnDefinition, type Printer } from './column-types.js';
import { ageOf } from './human-duration.js';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function cellOf(col: PrinterColumn, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  switch (col.type) {
    case 'date':
      return typeof value === 'string' ? ageOf(value, now) : null;
    case 'integer':
    case 'number':
      return typeof value === 'number' ? value : text;
    case 'boolean':
      return typeof value === 'boolean' ? value : text;
    default:
      return text;
  }
}

function crdPrinter(columns: readonly PrinterColumn[]): Printer {
  const compiled = columns.map((c) => ({ col: c, steps: parseJsonPath(c.jsonPath) }));
  return {
    columns: [
      nameColumn,
      ...columns.map((c): ColumnDefinition =>
        column(c.name, c.type === 'date' ? 'date' : c.type, {
          format: c.format ?? '',
          priority: c.priority ?? 0,
          description: c.description ?? c.name,
        }),
      ),
    ],
    cells: (o, now) => [
      o.metadata.name,
      ...compiled.map(({ col, steps }) =>
        steps === undefined ? null : cellOf(col, evaluateJsonPath(steps, o)[0], now),
      ),
    ],
  };
}

const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (o, now) => [o.metadata.name, ageOf(o.metadata.creationTimestamp, now)],
};

export function printerFor(type: ResourceType): Printer {
  if (type.printerColumns !== undefined) return crdPrinter(type.printerColumns);
  return builtinPrinters[`${type.group}/${type.kind}`] ?? defaultPrinter;
}

function rowObject(obj: KubeObject, include: IncludeObject, version: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export interface TableOptions {
  readonly include: IncludeObject;
  /** meta.k8s.io version asked for (v1 or v1beta1). */
  readonly version: string;
  readonly resourceVersion: string;
  readonly now: number;
  /** Omit the column definitions (`?noHeaders=true`, or watch events after the first). */
  readonly noHeaders?: boolean;
}

export function buildTable(printer: Printer, objects: readonly KubeObject[], options: TableOptions): unknown {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: { resourceVersion: options.resourceVersion },
    columnDefinitions: options.noHeaders === true ? null : printer.columns,
    rows: objects.map((o) => {
      const row: Record<string, unknown> = { cells: printer.cells(o, options.now) };
      const object = rowObject(o, options.include, options.version);
      if (object !== undefined) row['object'] = object;
      return row;
    }),
  };
}

export function tableContentType(version: string): string {
  return `application/json;as=Table;v=${version};g=meta.k8s.io`;
}
