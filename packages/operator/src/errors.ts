// The operator's error catalogue. Codes are stable; callers branch on them (`ScaledObjectWriteError.is(err)`),
// never on messages. An invalid object is not an error: it is a status (InvalidSpec) computed as a value.
import { defineError } from '@keda-http/runtime';

/** The environment holds bad or missing settings; one line per problem, each naming the variable. */
export const OperatorConfigError = defineError<{ problems: readonly string[] }>(
  'OPERATOR_CONFIG_INVALID',
  ({ problems }) => problems.join('\n'),
  'OperatorConfigError',
);

/** A work-queue key is not `kind/namespace/name` with a kind the operator reconciles. */
export const WorkKeyError = defineError<{ key: string }>(
  'OPERATOR_WORK_KEY_INVALID',
  ({ key }) => `work key ${JSON.stringify(key)} is not <kind>/<namespace>/<name>`,
  'WorkKeyError',
);

/** Creating, updating or deleting the ScaledObject of an HTTPScaledObject failed (the cause says why). */
export const ScaledObjectWriteError = defineError<{ key: string; action: string; reason: string }>(
  'OPERATOR_SCALED_OBJECT_WRITE',
  ({ key, action, reason }) => `${action} ScaledObject ${key}: ${reason}`,
  'ScaledObjectWriteError',
);

/** Writing an object's status, finalizers or an Event failed. */
export const ObjectWriteError = defineError<{ what: string; key: string; reason: string }>(
  'OPERATOR_OBJECT_WRITE',
  ({ what, key, reason }) => `${what} of ${key}: ${reason}`,
  'ObjectWriteError',
);

/** Writing the routing-table ConfigMap failed. */
export const ConfigMapWriteError = defineError<{ name: string; namespace: string; reason: string }>(
  'OPERATOR_CONFIGMAP_WRITE',
  ({ name, namespace, reason }) => `write ConfigMap ${namespace}/${name}: ${reason}`,
  'ConfigMapWriteError',
);

/** The message of an unknown thrown value, for wrapping. */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
