// KEDA's ScaledObject CRD (scaledobjects.keda.sh, v1alpha1), written here in the shape of KEDA's own
// config/crd/bases/keda.sh_scaledobjects.yaml and apis/keda/v1alpha1 types: the same field names, types,
// required fields, enums, default, printer columns and status subresource, so a real ScaledObject manifest
// validates and unknown fields are pruned as a cluster with KEDA installed prunes them.
import type { CustomResourceDefinition, JSONSchemaProps } from '../schema/types.js';

const int32 = (): JSONSchemaProps => ({ type: 'integer', format: 'int32' });
const str = (): JSONSchemaProps => ({ type: 'string' });
const bool = (): JSONSchemaProps => ({ type: 'boolean' });
const list = (items: JSONSchemaProps): JSONSchemaProps => ({ type: 'array', items });
const object = (properties: Record<string, JSONSchemaProps>, required?: string[]): JSONSchemaProps =>
  required ? { type: 'object', properties, required } : { type: 'object', properties };

const QUANTITY =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** autoscaling/v2 HPAScalingRules, as KEDA embeds it in advanced.horizontalPodAutoscalerConfig.behavior. */
function scalingRules(): JSONSchemaProps {
  return object({
    policies: {
      ...list(
        object({ periodSeconds: int32(), type: str(), value: int32() }, ['periodSeconds', 'type', 'value']),
      ),
      'x-kubernetes-list-type': 'atomic',
    },
    selectPolicy: str(),
    stabilizationWindowSeconds: int32(),
    tolerance: {
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      pattern: QUANTITY,
      'x-kubernetes-int-or-string': true,
    },
  });
}

function spec(): JSONSchemaProps {
  return object(
    {
      advanced: object({
        horizontalPodAutoscalerConfig: object({
          behavior: object({ scaleDown: scalingRules(), scaleUp: scalingRules() }),
          name: str(),
        }),
        restoreToOriginalReplicaCount: bool(),
        scalingModifiers: object({
          activationTarget: str(),
          formula: str(),
          metricType: { type: 'string', enum: ['AverageValue', 'Value'] },
          target: str(),
        }),
      }),
      cooldownPeriod: int32(),
      fallback: object(
        {
          behavior: {
            type: 'string',
            default: 'static',
            enum: ['static', 'currentReplicas', 'currentReplicasIfHigher', 'currentReplicasIfLower'],
          },
          failureThreshold: int32(),
          replicas: int32(),
        },
        ['failureThreshold', 'replicas'],
      ),
      idleReplicaCount: int32(),
      initialCooldownPeriod: int32(),
      maxReplicaCount: int32(),
      minReplicaCount: int32(),
      pollingInterval: int32(),
      scaleTargetRef: object({ apiVersion: str(), envSourceContainerName: str(), kind: str(), name: str() }, [
        'name',
      ]),
      triggers: list(
        object(
          {
            authenticationRef: object({ kind: str(), name: str() }, ['name']),
            metadata: { type: 'object', additionalProperties: str() },
            metricType: str(),
            name: str(),
            type: str(),
            useCachedMetrics: bool(),
          },
          ['metadata', 'type'],
        ),
      ),
    },
    ['scaleTargetRef', 'triggers'],
  );
}

function status(): JSONSchemaProps {
  return object({
    authenticationsTypes: str(),
    compositeScalerName: str(),
    conditions: list(
      object({ message: str(), reason: str(), status: str(), type: str() }, ['status', 'type']),
    ),
    externalMetricNames: list(str()),
    health: { type: 'object', additionalProperties: object({ numberOfFailures: int32(), status: str() }) },
    hpaName: str(),
    lastActiveTime: { type: 'string', format: 'date-time' },
    originalReplicaCount: int32(),
    pausedReplicaCount: int32(),
    resourceMetricNames: list(str()),
    scaleTargetGVKR: object({ group: str(), kind: str(), resource: str(), version: str() }, [
      'group',
      'kind',
      'resource',
      'version',
    ]),
    scaleTargetKind: str(),
    triggersTypes: str(),
  });
}

const condition = (type: string): string => `.status.conditions[?(@.type=="${type}")].status`;

/** A fresh copy of the ScaledObject CRD. */
export function scaledObjectCrd(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'scaledobjects.keda.sh' },
    spec: {
      group: 'keda.sh',
      names: {
        kind: 'ScaledObject',
        listKind: 'ScaledObjectList',
        plural: 'scaledobjects',
        shortNames: ['so'],
        singular: 'scaledobject',
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { jsonPath: '.status.scaleTargetKind', name: 'ScaleTargetKind', type: 'string' },
            { jsonPath: '.spec.scaleTargetRef.name', name: 'ScaleTargetName', type: 'string' },
            { jsonPath: '.spec.minReplicaCount', name: 'Min', type: 'integer' },
            { jsonPath: '.spec.maxReplicaCount', name: 'Max', type: 'integer' },
            { jsonPath: condition('Ready'), name: 'Ready', type: 'string' },
            { jsonPath: condition('Active'), name: 'Active', type: 'string' },
            { jsonPath: condition('Fallback'), name: 'Fallback', type: 'string' },
            { jsonPath: condition('Paused'), name: 'Paused', type: 'string' },
            { jsonPath: '.status.triggersTypes', name: 'Triggers', type: 'string' },
            { jsonPath: '.status.authenticationsTypes', name: 'Authentications', type: 'string' },
            { jsonPath: '.metadata.creationTimestamp', name: 'Age', type: 'date' },
          ],
          schema: {
            openAPIV3Schema: {
              description: 'ScaledObject is a specification for a ScaledObject resource',
              type: 'object',
              required: ['spec'],
              properties: {
                apiVersion: str(),
                kind: str(),
                metadata: { type: 'object' },
                spec: spec(),
                status: status(),
              },
            },
          },
        },
      ],
    },
  };
}
