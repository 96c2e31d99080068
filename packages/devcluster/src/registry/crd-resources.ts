// From a CustomResourceDefinition to the resource types it serves, and the status the API server gives a
// CRD as soon as it accepts it (Established, NamesAccepted, acceptedNames, storedVersions).
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import { ALL_VERBS, type PrinterColumn, type ResourceType, type ScalePaths } from './resource-type.js';

export interface CrdNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  status: boolean;
  scale?: ScalePaths;
  printerColumns: PrinterColumn[];
}

export interface CrdView {
  name: string;
  group: string;
  namespaced: boolean;
  names: CrdNames;
  versions: CrdVersion[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});

/** Reads the parts of a CRD the server acts on; tolerant of missing fields (validation reports those). */
export function readCrd(crd: KubeObject): CrdView {
  const spec = obj(crd['spec']);
  const names = obj(spec['names']);
  const kind = str(names['kind']);
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter(isJsonObject) : [];
  return {
    name: crd.metadata.name ?? '',
    group: str(spec['group']),
    namespaced: spec['scope'] !== 'Cluster',
    names: {
      plural: str(names['plural']),
      singular: str(names['singular']) || kind.toLowerCase(),
      kind,
      listKind: str(names['listKind']) || `${kind}List`,
      shortNames: strings(names['shortNames']),
      categories: strings(names['categories']),
    },
    versions: versions.map((v) => {
      const sub = obj(v['subresources']);
      const scale = isJsonObject(sub['scale']) ? sub['scale'] : undefined;
      const cols = Array.isArray(v['additionalPrinterColumns'])
        ? v['additionalPrinterColumns'].filter(isJsonObject)
        : [];
      const version: CrdVersion = {
        name: str(v['name']),
        served: v['served'] === true,
        storage: v['storage'] === true,
        status: isJsonObject(sub['status']),
        printerColumns: cols.map(printerColumn),
      };
      if (scale) {
        const paths: ScalePaths = {
          specReplicasPath: str(scale['specReplicasPath']),
          statusReplicasPath: str(scale['statusReplicasPath']),
        };
        const selector = str(scale['labelSelectorPath']);
        version.scale = selector ? { ...paths, labelSelectorPath: selector } : paths;
      }
      return version;
    }),
  };
}

function printerColumn(c: JsonObject): PrinterColumn {
  const col: { -readonly [K in keyof PrinterColumn]: PrinterColumn[K] } = {
    name: str(c['name']),
    type: str(c['type']),
    jsonPath: str(c['jsonPath']),
  };
  if (typeof c['description'] === 'string') col.description = c['description'];
  if (typeof c['format'] === 'string') col.format = c['format'];
  if (typeof c['priority'] === 'number') col.priority = c['priority'];
  return col;
}

const defaultAgeColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
};

/** The resource types a CRD serves: one per served version. */
export function crdResourceTypes(view: CrdView): ResourceType[] {
  const storage = view.versions.find((v) => v.storage)?.name ?? view.versions[0]?.name ?? '';
  return view.versions
    .filter((v) => v.served)
    .map((v) => {
      const extra: ResourceType['extraSubresources'] = [];
      const t: ResourceType = {
        group: view.group,
        version: v.name,
        resource: view.names.plural,
        kind: view.names.kind,
        listKind: view.names.listKind,
        singular: view.names.singular,
        namespaced: view.namespaced,
        shortNames: view.names.shortNames,
        categories: view.names.categories,
        verbs: ALL_VERBS,
        status: v.status,
        extraSubresources: extra,
        storageVersion: storage,
        tracksGeneration: true,
        fieldLabels: [],
        crdName: view.name,
        printerColumns: v.printerColumns.length > 0 ? v.printerColumns : [defaultAgeColumn],
      };
      return v.scale ? { ...t, scale: v.scale } : t;
    });
}

/** The status a freshly accepted CRD has: established, names accepted, its storage version recorded. */
export function acceptedCrdStatus(crd: KubeObject, view: CrdView, now: string): JsonObject {
  const previous = obj(crd['status']);
  const stored = new Set(strings(previous['storedVersions']));
  const storage = view.versions.find((v) => v.storage)?.name;
  if (storage !== undefined) stored.add(storage);
  const names: JsonObject = {
    plural: view.names.plural,
    singular: view.names.singular,
    kind: view.names.kind,
    listKind: view.names.listKind,
  };
  if (view.names.shortNames.length > 0) names['shortNames'] = view.names.shortNames;
  if (view.names.categories.length > 0) names['categories'] = view.names.categories;
  const oldConditions = Array.isArray(previous['conditions'])
    ? previous['conditions'].filter(isJsonObject)
    : [];
  const since = (type: string): string => {
    const old = oldConditions.find((c) => c['type'] === type && c['status'] === 'True');
    return typeof old?.['lastTransitionTime'] === 'string' ? old['lastTransitionTime'] : now;
  };
  return {
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        lastTransitionTime: since('NamesAccepted'),
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
      {
        type: 'Established',
        status: 'True',
        lastTransitionTime: since('Established'),
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
    acceptedNames: names,
    storedVersions: [...stored],
  };
}
