import { describe, expect, it } from 'vitest';
import { invalidStatus, type StatusCause } from './index.js';

const ports: StatusCause = {
  reason: 'FieldValueInvalid',
  message: "Invalid value: \"object\": must define either the 'portName' or the 'port'",
  field: 'spec.scaleTargetRef',
};
const service: StatusCause = {
  reason: 'FieldValueRequired',
  message: 'Required value',
  field: 'spec.scaleTargetRef.service',
};

describe('invalidStatus', () => {
  it.each<[string, { group: string; kind: string; name: string; causes: StatusCause[] }, string]>([
    [
      'one cause is printed after the qualified kind and name',
      { group: 'http.keda.sh', kind: 'HTTPScaledObject', name: 'x', causes: [ports] },
      `HTTPScaledObject.http.keda.sh "x" is invalid: spec.scaleTargetRef: Invalid value: "object": must define either the 'portName' or the 'port'`,
    ],
    [
      'several causes are bracketed and comma-separated',
      { group: 'http.keda.sh', kind: 'HTTPScaledObject', name: 'x', causes: [service, ports] },
      `HTTPScaledObject.http.keda.sh "x" is invalid: [spec.scaleTargetRef.service: Required value, spec.scaleTargetRef: Invalid value: "object": must define either the 'portName' or the 'port']`,
    ],
    [
      'repeated causes are printed once',
      { group: 'http.keda.sh', kind: 'HTTPScaledObject', name: 'x', causes: [service, service] },
      'HTTPScaledObject.http.keda.sh "x" is invalid: spec.scaleTargetRef.service: Required value',
    ],
    [
      'the core group has no suffix',
      {
        group: '',
        kind: 'ConfigMap',
        name: 'cm',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'metadata.name' }],
      },
      'ConfigMap "cm" is invalid: metadata.name: Required value',
    ],
    [
      'no causes leaves only the headline',
      { group: 'g', kind: 'K', name: 'n', causes: [] },
      'K.g "n" is invalid',
    ],
  ])('%s', (_name, options, message) => {
    expect(invalidStatus(options).message).toBe(message);
  });

  it('is a complete 422 Status with the causes in its details', () => {
    expect(
      invalidStatus({
        group: 'http.keda.sh',
        kind: 'HTTPScaledObject',
        name: 'x',
        causes: [service, service],
      }),
    ).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'HTTPScaledObject.http.keda.sh "x" is invalid: spec.scaleTargetRef.service: Required value',
      reason: 'Invalid',
      details: { name: 'x', group: 'http.keda.sh', kind: 'HTTPScaledObject', causes: [service, service] },
      code: 422,
    });
  });
});
