export { decodeKubernetesProtobuf, type DecodedObject } from './decode.js';
export { ProtobufDecodeError, UnsupportedProtobufKindError } from './errors.js';
export { k8sProtoRoot } from './k8s-proto.js';
