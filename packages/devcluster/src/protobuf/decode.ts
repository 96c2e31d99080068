// The body of `Content-Type: application/vnd.kubernetes.protobuf`: the 4-byte magic "k8s\0", then a
// runtime.Unknown whose typeMeta names the kind and whose raw bytes are the object in the k8s.io/api protobuf
// encoding. kubectl's imperative `create namespace|configmap|secret|serviceaccount` send these.
import { ProtobufDecodeError, UnsupportedProtobufKindError } from './errors.js';
import { k8sType } from './k8s-proto.js';
import {
  configMapToJson,
  deleteOptionsToJson,
  namespaceToJson,
  secretToJson,
  serviceAccountToJson,
} from './to-json.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

type Message = Record<string, unknown>;

const KINDS: Readonly<Record<string, { message: string; toJson: (m: Message) => Record<string, unknown> }>> =
  {
    'v1/Namespace': { message: 'Namespace', toJson: namespaceToJson },
    'v1/ConfigMap': { message: 'ConfigMap', toJson: configMapToJson },
    'v1/Secret': { message: 'Secret', toJson: secretToJson },
    'v1/ServiceAccount': { message: 'ServiceAccount', toJson: serviceAccountToJson },
  };

export interface DecodedObject {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object exactly as the API server would have received it in JSON. */
  readonly object: Record<string, unknown>;
}

function decodeMessage(type: string, bytes: Uint8Array, what: string): Message {
  try {
    return k8sType(type).decode(bytes);
  } catch (e) {
    throw new ProtobufDecodeError(`the ${what} is not valid protobuf: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Decodes a Kubernetes protobuf request body. Throws UnsupportedProtobufKindError for kinds other than
 * Namespace, ConfigMap, Secret, ServiceAccount (v1) and DeleteOptions (any group version), and
 * ProtobufDecodeError for anything that is not a valid envelope around a valid object.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  if (!(body instanceof Uint8Array) || body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw new ProtobufDecodeError('the body does not start with the Kubernetes protobuf magic "k8s\\0"');
  }
  const unknown = decodeMessage('Unknown', body.subarray(MAGIC.length), 'runtime.Unknown envelope');
  const typeMeta = (unknown.typeMeta ?? {}) as Message;
  const apiVersion = typeof typeMeta.apiVersion === 'string' ? typeMeta.apiVersion : '';
  const kind = typeof typeMeta.kind === 'string' ? typeMeta.kind : '';
  const encoding = typeof unknown.contentEncoding === 'string' ? unknown.contentEncoding : '';
  if (encoding !== '') throw new ProtobufDecodeError(`content encoding "${encoding}" is not supported`);
  const contentType = typeof unknown.contentType === 'string' ? unknown.contentType : '';
  if (contentType !== '' && contentType !== 'application/vnd.kubernetes.protobuf') {
    throw new ProtobufDecodeError(`the raw object has content type "${contentType}", not protobuf`);
  }
  // DeleteOptions is registered in every group version; client-go (helm) sends DELETE bodies as protobuf.
  const deleteOptions =
    kind === 'DeleteOptions' ? { message: 'DeleteOptions', toJson: deleteOptionsToJson } : undefined;
  const known =
    deleteOptions ??
    (Object.hasOwn(KINDS, `${apiVersion}/${kind}`) ? KINDS[`${apiVersion}/${kind}`] : undefined);
  if (!known) throw new UnsupportedProtobufKindError(apiVersion, kind);
  const raw = unknown.raw instanceof Uint8Array ? unknown.raw : new Uint8Array();
  const message = decodeMessage(known.message, raw, kind);
  let fields: Record<string, unknown>;
  try {
    fields = known.toJson(message);
  } catch (e) {
    throw new ProtobufDecodeError(`the ${kind} does not convert to JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return { apiVersion, kind, object: { apiVersion, kind, ...fields } };
}
