import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { crdFiles } from './crd-files.js';
import { buildCrds, type CustomResourceDefinition } from './crds.js';
import type { JsonSchemaNode } from './structural-schema.js';

const basesDir = fileURLToPath(new URL('../../../config/crd/bases/', import.meta.url));
const [hsoCrd, irCrd] = buildCrds() as [CustomResourceDefinition, CustomResourceDefinition];

function version(crd: CustomResourceDefinition) {
  const v = crd.spec.versions[0];
  if (v === undefined) throw new Error('no version');
  return v;
}

function specNode(crd: CustomResourceDefinition, ...path: string[]): JsonSchemaNode {
  let node = version(crd).schema.openAPIV3Schema;
  for (const step of ['spec', ...path]) {
    const next: unknown =
      step === '[]' ? node.items : (node.properties as Record<string, JsonSchemaNode> | undefined)?.[step];
    if (next === undefined) throw new Error(`no schema at ${path.join('.')} (${step})`);
    node = next as JsonSchemaNode;
  }
  return node;
}

/** Every schema node with its path, depth first. */
function* nodes(node: JsonSchemaNode, path = ''): Generator<[string, JsonSchemaNode]> {
  yield [path, node];
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, JsonSchemaNode>)) {
    yield* nodes(child, `${path}.${name}`);
  }
  if (node.items !== undefined) yield* nodes(node.items as JsonSchemaNode, `${path}[]`);
  if (typeof node.additionalProperties === 'object') {
    yield* nodes(node.additionalProperties as JsonSchemaNode, `${path}{}`);
  }
}

describe('the committed CRD YAML', () => {
  it.each(crdFiles().map((f) => [f.fileName, f.content]))(
    '%s matches the zod schemas (run `make manifests` if this fails)',
    async (fileName, content) => {
      expect(await readFile(`${basesDir}${fileName}`, 'utf8')).toBe(content);
    },
  );

  it('reads back as exactly the objects buildCrds returns', () => {
    expect(crdFiles().map((f) => parse(f.content) as unknown)).toEqual(buildCrds());
  });

  it('comes out the same on every run', () => {
    expect(crdFiles()).toEqual(crdFiles());
  });
});

describe('buildCrds', () => {
  it('names both kinds in the http.keda.sh group, namespaced, with the status subresource', () => {
    expect(
      buildCrds().map((crd) => [
        crd.metadata.name,
        crd.spec.scope,
        version(crd).name,
        version(crd).subresources,
      ]),
    ).toEqual([
      ['httpscaledobjects.http.keda.sh', 'Namespaced', 'v1alpha1', { status: {} }],
      ['interceptorroutes.http.keda.sh', 'Namespaced', 'v1beta1', { status: {} }],
    ]);
  });

  it('gives HTTPScaledObject the short name httpso', () => {
    expect(hsoCrd.spec.names.shortNames).toEqual(['httpso']);
  });

  it('shows the HTTPScaledObject printer columns of SPEC §1.1 in order', () => {
    expect(version(hsoCrd).additionalPrinterColumns.map((c) => [c.name, c.type, c.jsonPath])).toEqual([
      ['TargetWorkload', 'string', '.status.targetWorkload'],
      ['TargetService', 'string', '.status.targetService'],
      ['MinReplicas', 'integer', '.spec.replicas.min'],
      ['MaxReplicas', 'integer', '.spec.replicas.max'],
      ['Age', 'date', '.metadata.creationTimestamp'],
      ['Ready', 'string', '.status.conditions[?(@.type=="Ready")].status'],
    ]);
  });

  it.each([
    ['HTTPScaledObject', hsoCrd, ['headers']],
    ['InterceptorRoute rules', irCrd, ['rules', '[]', 'headers']],
    ['InterceptorRoute static routes', irCrd, ['staticRoutes', '[]', 'rules', '[]', 'headers']],
  ] as const)('makes the headers of %s a list map keyed by name', (_name, crd, path) => {
    const node = specNode(crd, ...path);
    expect(node['x-kubernetes-list-type']).toBe('map');
    expect(node['x-kubernetes-list-map-keys']).toEqual(['name']);
    expect((node.items as JsonSchemaNode).required).toContain('name');
  });

  it.each([
    [hsoCrd, ['scaledownPeriod'], 300],
    [hsoCrd, ['scaleTargetRef', 'kind'], 'Deployment'],
    [hsoCrd, ['scaleTargetRef', 'apiVersion'], 'apps/v1'],
    [hsoCrd, ['coldStartTimeoutFailoverRef', 'timeoutSeconds'], 30],
    [hsoCrd, ['scalingMetric', 'concurrency', 'targetValue'], 100],
    [hsoCrd, ['scalingMetric', 'requestRate', 'targetValue'], 100],
    [hsoCrd, ['scalingMetric', 'requestRate', 'window'], '1m'],
    [hsoCrd, ['scalingMetric', 'requestRate', 'granularity'], '1s'],
    [irCrd, ['coldStart', 'placeholder', 'response', 'statusCode'], 503],
    [irCrd, ['staticRoutes', '[]', 'responseMode'], 'WhenUnavailable'],
  ] as const)('defaults %#: %s', (crd, path, expected) => {
    expect(specNode(crd, ...path).default).toEqual(expected);
  });

  it.each([
    [hsoCrd, ['scaleTargetRef'], "must define either the 'portName' or the 'port'"],
    [hsoCrd, ['coldStartTimeoutFailoverRef'], "must define either the 'portName' or the 'port'"],
    [hsoCrd, ['scalingMetric'], "must define either the 'concurrency' or the 'requestRate', not both"],
    [irCrd, ['target'], "must define either the 'portName' or the 'port'"],
    [irCrd, ['coldStart', 'fallback', 'service'], "must define either the 'portName' or the 'port'"],
    [irCrd, ['scalingMetric'], "must define at least one of 'concurrency' or 'requestRate'"],
    [irCrd, ['coldStart'], "must define at least one of 'fallback' or 'placeholder'"],
    [
      irCrd,
      ['coldStart', 'placeholder', 'response'],
      "must define either the 'body' or the 'bodyFromConfigMap', not both",
    ],
    [
      irCrd,
      ['staticRoutes', '[]', 'response'],
      "must define either the 'body' or the 'bodyFromConfigMap', not both",
    ],
  ] as const)('has a CEL rule %# at %s', (crd, path, message) => {
    const rules = specNode(crd, ...path)['x-kubernetes-validations'] as { message: string }[];
    expect(rules.map((r) => r.message)).toEqual([message]);
  });

  it('requires at least one rule per static route', () => {
    expect(specNode(irCrd, 'staticRoutes', '[]', 'rules').minItems).toBe(1);
  });

  it.each([hsoCrd, irCrd])('gives every schema node of $spec.names.kind a single type', (crd) => {
    for (const [path, node] of nodes(version(crd).schema.openAPIV3Schema)) {
      expect(typeof node.type, `type at ${path || '<root>'}`).toBe('string');
      expect(node.additionalProperties, `additionalProperties at ${path}`).not.toBe(false);
      if (node.properties !== undefined) expect(node.additionalProperties, path).toBeUndefined();
    }
  });
});
