/** A protobuf body of a kind devcluster does not decode; the server answers 415 and suggests `kubectl apply -f`. */
export class UnsupportedProtobufKindError extends Error {
  override readonly name = 'UnsupportedProtobufKindError';
  readonly code = 'DEVCLUSTER_PROTOBUF_KIND_UNSUPPORTED';
  readonly kind: string;
  readonly apiVersion: string;

  constructor(apiVersion: string, kind: string) {
    super(`protobuf bodies of ${kind || '<no kind>'} (${apiVersion || '<no apiVersion>'}) are not supported`);
    this.kind = kind;
    this.apiVersion = apiVersion;
  }
}

/** A body that is not a Kubernetes protobuf envelope, or whose object does not decode. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
  readonly code = 'DEVCLUSTER_PROTOBUF_INVALID';
}
