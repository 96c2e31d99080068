// The 422 Status built from admit's causes, answered to the real kubectl: kubectl must print what it prints
// against a real cluster, e.g. `The HTTPScaledObject "web" is invalid: spec.scaleTargetRef: Invalid value: ...`.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startKubectlRecorder, type KubectlRecorder } from '../protobuf/kubectl-recorder.js';
import { compileCrdSchemas, invalidStatus } from './index.js';

const crd = YAML.parseAllDocuments(
  readFileSync(
    new URL('../../../../config/crd/bases/http.keda.sh_httpscaledobjects.yaml', import.meta.url),
    'utf8',
  ),
)[0]?.toJS() as Record<string, unknown>;
const httpso = compileCrdSchemas(crd);
let recorder: KubectlRecorder;

beforeAll(async () => {
  recorder = await startKubectlRecorder({
    resources: [
      {
        groupVersion: 'http.keda.sh/v1alpha1',
        name: 'httpscaledobjects',
        kind: 'HTTPScaledObject',
        namespaced: true,
      },
    ],
    respond: (request) => {
      if (request.method !== 'POST') return undefined;
      const body = JSON.parse(request.body.toString('utf8')) as { metadata: { name: string } };
      const { object, causes } = httpso.admit('v1alpha1', body, undefined);
      if (causes.length === 0) return { status: 201, body: object };
      return {
        status: 422,
        body: invalidStatus({
          group: 'http.keda.sh',
          kind: 'HTTPScaledObject',
          name: body.metadata.name,
          causes,
        }),
      };
    },
  });
});

afterAll(async () => {
  await recorder?.close();
});

function manifest(spec: unknown): string {
  return JSON.stringify({
    apiVersion: 'http.keda.sh/v1alpha1',
    kind: 'HTTPScaledObject',
    metadata: { name: 'web' },
    spec,
  });
}

describe('kubectl apply of an invalid HTTPScaledObject', () => {
  it.each<[string, unknown, string]>([
    [
      'prints one cause on the headline',
      { scaleTargetRef: { name: 'web', service: 'web', port: 80, portName: 'http' } },
      `The HTTPScaledObject "web" is invalid: spec.scaleTargetRef: Invalid value: "object": must define either the 'portName' or the 'port'\n`,
    ],
    [
      'prints several causes as a list',
      { scaleTargetRef: { name: 'web', port: 0 } },
      'The HTTPScaledObject "web" is invalid: \n' +
        '* spec.scaleTargetRef.service: Required value\n' +
        '* spec.scaleTargetRef.port: Invalid value: 0: spec.scaleTargetRef.port in body should be greater than or equal to 1\n' +
        '* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n',
    ],
  ])('%s', async (_name, spec, stderr) => {
    const result = await recorder.kubectl(['apply', '--validate=false', '-f', '-'], manifest(spec));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(stderr);
  });
});
