export { startProcess, exitOf, type RunningProcess, type StartProcessOptions } from './child-process.js';
export { listen, type Listening } from './listen.js';
export { startEchoUpstream, type EchoBody, type EchoOptions, type EchoUpstream } from './upstreams.js';
export { GiveUp, waitFor, type WaitForOptions } from './wait-for.js';
export {
  defaultCrdDir,
  installCrds,
  readCrds,
  withoutValidationRules,
  type CrdDocument,
  type InstallCrdsOptions,
} from './crds.js';
export {
  configMapObject,
  deploymentObject,
  endpointSliceObject,
  namespaceObject,
  serviceObject,
  type EndpointSliceOptions,
  type ServicePortSpec,
  type SliceEndpoint,
} from './cluster-objects.js';
export {
  startStandInOperator,
  type StandInOperator,
  type StandInOperatorOptions,
  type WireTable,
} from './operator-stand-in.js';
export {
  applyObject,
  deleteObject,
  replicaAddress,
  startBackendService,
  type BackendService,
  type BackendServiceOptions,
} from './backend-service.js';
export {
  kubeRequestAttributes,
  startRecordingProxy,
  type KubeRequestAttributes,
  type RecordedRequest,
  type RecordingProxy,
} from './recording-proxy.js';
export { readYamlDocuments } from './yaml-files.js';
