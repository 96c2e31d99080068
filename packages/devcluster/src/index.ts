// @keda-http/devcluster: a Kubernetes API server on loopback for development and tests. See
// docs/devcluster.md for what it emulates and the in-process API.
export { startDevCluster, type DevCluster, type DevClusterOptions } from './start.js';
export { ApiStatusError, DevClusterError, isApiStatusError, type DevClusterErrorCode } from './errors.js';
export type { Status, StatusCause, StatusDetails } from './api/status.js';
export type { KubeObject, ObjectMeta, OwnerReference, JsonObject } from './api/types.js';
export type { Store, KindRef, ResourceRef } from './store/store.js';
export type { ResourceClient, WatchEvent } from './store/resource-client.js';
export type { StoreEvent, ChangeType } from './store/store-event.js';
export type { DeleteOptions, DeleteResult, PropagationPolicy } from './store/delete.js';
export type { WriteOptions, FieldValidation } from './store/write-options.js';
export type { PatchOptions } from './store/patch.js';
export type { PatchType } from './patch/apply-patch.js';
export type { SelectionOptions } from './store/selectors.js';
export type { WatchOptions, WatchHandle } from './store/read.js';
export type { Registry } from './registry/registry.js';
export type { ResourceType, ScalePaths, PrinterColumn } from './registry/resource-type.js';
export type { DevclusterRoutes, DevclusterRoute } from './http/devcluster-routes.js';
export type { Call } from './http/call.js';
export { sendJson } from './http/respond.js';
export { kubeconfigYaml } from './kubeconfig.js';
export type {
  MetricSample,
  PodMilestone,
  ScaleReason,
  Timeline,
  TimelineEntry,
  TimelineEvent,
} from './timeline/event-timeline.js';
export { formatTimelineEntry } from './timeline/event-timeline.js';
export type { ImageMapInput } from './workloads/image-map.js';
export { desiredReplicas, replicasForMetric, type MetricInput, type MetricType } from './keda/hpa-formula.js';
