// The Kubernetes protobuf wire format of the few kinds kubectl's imperative `create` sends, written here (not
// copied) from the published generated.proto files. Field numbers, as published:
// - k8s.io/apimachinery/pkg/runtime/generated.proto: Unknown {typeMeta 1, raw 2, contentEncoding 3,
//   contentType 4}; TypeMeta {apiVersion 1, kind 2}.
// - k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto: ObjectMeta {name 1, generateName 2, namespace 3,
//   selfLink 4, uid 5, resourceVersion 6, generation 7, creationTimestamp 8, deletionTimestamp 9,
//   deletionGracePeriodSeconds 10, labels 11, annotations 12, ownerReferences 13, finalizers 14,
//   managedFields 17}; OwnerReference {kind 1, name 3, uid 4, apiVersion 5, controller 6,
//   blockOwnerDeletion 7}; ManagedFieldsEntry {manager 1, operation 2, apiVersion 3, time 4, fieldsType 6,
//   fieldsV1 7, subresource 8}; FieldsV1 {Raw 1}; Time {seconds 1, nanos 2}; DeleteOptions
//   {gracePeriodSeconds 1, preconditions 2, orphanDependents 3, propagationPolicy 4, dryRun 5};
//   Preconditions {uid 1, resourceVersion 2}.
// - k8s.io/api/core/v1/generated.proto: Namespace {metadata 1, spec 2, status 3}; NamespaceSpec
//   {finalizers 1}; NamespaceStatus {phase 1, conditions 2}; NamespaceCondition {type 1, status 2,
//   lastTransitionTime 4, reason 5, message 6}; ConfigMap {metadata 1, data 2, binaryData 3, immutable 4};
//   Secret {metadata 1, data 2, type 3, stringData 4, immutable 5}; ServiceAccount {metadata 1, secrets 2,
//   imagePullSecrets 3, automountServiceAccountToken 4}; ObjectReference {kind 1, namespace 2, name 3, uid 4,
//   apiVersion 5, resourceVersion 6, fieldPath 7}; LocalObjectReference {name 1}.
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto2";

package devcluster.k8s;

message TypeMeta {
  optional string apiVersion = 1;
  optional string kind = 2;
}

message Unknown {
  optional TypeMeta typeMeta = 1;
  optional bytes raw = 2;
  optional string contentEncoding = 3;
  optional string contentType = 4;
}

message Time {
  optional int64 seconds = 1;
  optional int32 nanos = 2;
}

message FieldsV1 {
  optional bytes Raw = 1;
}

message ManagedFieldsEntry {
  optional string manager = 1;
  optional string operation = 2;
  optional string apiVersion = 3;
  optional Time time = 4;
  optional string fieldsType = 6;
  optional FieldsV1 fieldsV1 = 7;
  optional string subresource = 8;
}

message OwnerReference {
  optional string kind = 1;
  optional string name = 3;
  optional string uid = 4;
  optional string apiVersion = 5;
  optional bool controller = 6;
  optional bool blockOwnerDeletion = 7;
}

message ObjectMeta {
  optional string name = 1;
  optional string generateName = 2;
  optional string namespace = 3;
  optional string selfLink = 4;
  optional string uid = 5;
  optional string resourceVersion = 6;
  optional int64 generation = 7;
  optional Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10;
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}

message Preconditions {
  optional string uid = 1;
  optional string resourceVersion = 2;
}

message DeleteOptions {
  optional int64 gracePeriodSeconds = 1;
  optional Preconditions preconditions = 2;
  optional bool orphanDependents = 3;
  optional string propagationPolicy = 4;
  repeated string dryRun = 5;
}

message NamespaceSpec {
  repeated string finalizers = 1;
}

message NamespaceCondition {
  optional string type = 1;
  optional string status = 2;
  optional Time lastTransitionTime = 4;
  optional string reason = 5;
  optional string message = 6;
}

message NamespaceStatus {
  optional string phase = 1;
  repeated NamespaceCondition conditions = 2;
}

message Namespace {
  optional ObjectMeta metadata = 1;
  optional NamespaceSpec spec = 2;
  optional NamespaceStatus status = 3;
}

message ConfigMap {
  optional ObjectMeta metadata = 1;
  map<string, string> data = 2;
  map<string, bytes> binaryData = 3;
  optional bool immutable = 4;
}

message Secret {
  optional ObjectMeta metadata = 1;
  map<string, bytes> data = 2;
  optional string type = 3;
  map<string, string> stringData = 4;
  optional bool immutable = 5;
}

message ObjectReference {
  optional string kind = 1;
  optional string namespace = 2;
  optional string name = 3;
  optional string uid = 4;
  optional string apiVersion = 5;
  optional string resourceVersion = 6;
  optional string fieldPath = 7;
}

message LocalObjectReference {
  optional string name = 1;
}

message ServiceAccount {
  optional ObjectMeta metadata = 1;
  repeated ObjectReference secrets = 2;
  repeated LocalObjectReference imagePullSecrets = 3;
  optional bool automountServiceAccountToken = 4;
}
`;

let root: protobuf.Root | undefined;

/** The parsed definitions (parsed on first use). Message names are those above, in package devcluster.k8s. */
export function k8sProtoRoot(): protobuf.Root {
  root ??= protobuf.parse(PROTO, { keepCase: true }).root;
  return root;
}

export function k8sType(name: string): protobuf.Type {
  return k8sProtoRoot().lookupType(`devcluster.k8s.${name}`);
}
