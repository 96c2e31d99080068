export { createOrUpdate, type CreateOrUpdateOptions, type CreateOrUpdateResult } from './apply.js';
export { createBackoff, type Backoff, type BackoffOptions } from './backoff.js';
export {
  K8sError,
  KubeApiError,
  isAlreadyExists,
  isConflict,
  isGone,
  isInvalid,
  isNotFound,
  type K8sErrorCode,
} from './errors.js';
export {
  createInformer,
  type ChangeEvent,
  type Informer,
  type InformerOptions,
  type LifecycleEvent,
} from './informer.js';
export { loadKubeConfig, type LoadKubeConfigOptions } from './kubeconfig.js';
export {
  createLeaderElector,
  type LeaderElectionOptions,
  type LeaderElector,
  type LeaderEvent,
} from './leader-election.js';
export {
  createEventRecorder,
  type EventRecord,
  type EventRecorder,
  type EventRecorderOptions,
} from './object-events.js';
export {
  SERVICE_NAME_LABEL,
  createReadyEndpointsCache,
  endpointPort,
  type Endpoint,
  type EndpointPort,
  type EndpointSlice,
  type ReadyEndpointsCache,
  type ServiceEndpoints,
} from './ready-endpoints.js';
export {
  apiVersionOf,
  builtinResources,
  collectionPath,
  objectPath,
  type ResourceType,
} from './resources.js';
export {
  createKubeClient,
  type DeleteOptions,
  type KubeClient,
  type KubeClientOptions,
  type KubeObject,
  type ListOptions,
  type ObjectList,
  type OwnerReference,
  type PatchType,
  type WriteOptions,
} from './rest-client.js';
export { createWorkQueue, type WorkQueue, type WorkQueueEvent, type WorkQueueOptions } from './work-queue.js';
