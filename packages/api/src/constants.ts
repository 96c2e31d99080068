// Names shared by every package that talks about the add-on's custom resources: the API group, versions,
// kinds and plurals, the finalizer, the annotations and labels users set, and the condition vocabulary.

export const API_GROUP = 'http.keda.sh';

export const HTTP_SCALED_OBJECT = Object.freeze({
  group: API_GROUP,
  version: 'v1alpha1',
  apiVersion: `${API_GROUP}/v1alpha1`,
  kind: 'HTTPScaledObject',
  listKind: 'HTTPScaledObjectList',
  plural: 'httpscaledobjects',
  singular: 'httpscaledobject',
  shortNames: ['httpso'],
} as const);

export const INTERCEPTOR_ROUTE = Object.freeze({
  group: API_GROUP,
  version: 'v1beta1',
  apiVersion: `${API_GROUP}/v1beta1`,
  kind: 'InterceptorRoute',
  listKind: 'InterceptorRouteList',
  plural: 'interceptorroutes',
  singular: 'interceptorroute',
  shortNames: [],
} as const);

/** The finalizer the operator adds to every HTTPScaledObject it manages. */
export const FINALIZER = 'httpscaledobject.http.keda.sh';

/** `"true"`: create no ScaledObject (and delete one this object owns); the route still works. */
export const ANNOTATION_SKIP_SCALEDOBJECT_CREATION = 'httpscaledobject.keda.sh/skip-scaledobject-creation';

/** `"true"`: drop our ownerReference from the ScaledObject so that it outlives the HTTPScaledObject. */
export const ANNOTATION_ORPHAN_SCALEDOBJECT = 'httpscaledobject.keda.sh/orphan-scaledobject';

/** ConfigMaps used by `bodyFromConfigMap` must carry this label with the value `"true"`. */
export const LABEL_RESPONSE_BODY = 'http.keda.sh/response-body';

/** The one condition type both kinds report. */
export const CONDITION_READY = 'Ready';

/** Reasons of the Ready condition. */
export const ConditionReason = Object.freeze({
  /** Ready=True: the ScaledObject was created and configured. */
  Reconciled: 'Reconciled',
  /** Ready=False: creating or updating the ScaledObject failed. */
  CreateError: 'CreateError',
  /** Ready=False: the object does not pass validation (see validateHTTPScaledObject / validateInterceptorRoute). */
  InvalidSpec: 'InvalidSpec',
} as const);
export type ConditionReason = (typeof ConditionReason)[keyof typeof ConditionReason];

/** Messages of the Ready condition, as SPEC §1.1 words them. */
export const ConditionMessage = Object.freeze({
  Reconciled: 'ScaledObject created and configured',
  createError: (detail: string): string => `Failed to create scaled objects: ${detail}`,
});
