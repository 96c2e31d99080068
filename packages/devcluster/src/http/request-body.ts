// Reads and decodes request bodies: JSON, YAML (including apply patches, which clients send as JSON), and the
// Kubernetes protobuf envelope kubectl's imperative `create` commands send.
import type { IncomingMessage } from 'node:http';
import YAML from 'yaml';
import { fail, statuses } from '../api/status.js';
import { patchTypeOf, type PatchType } from '../patch/apply-patch.js';
import {
  decodeKubernetesProtobuf,
  ProtobufDecodeError,
  UnsupportedProtobufKindError,
} from '../protobuf/index.js';
import { bodyMediaType } from './negotiate.js';

/** A real API server refuses request bodies above 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) fail(statuses.tooLarge(limit));
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return fail(statuses.badRequest(`the request body is not valid JSON: ${(err as Error).message}`));
  }
}

function parseYaml(text: string): unknown {
  let docs: YAML.Document.Parsed[];
  try {
    docs = YAML.parseAllDocuments(text, { uniqueKeys: false }) as YAML.Document.Parsed[];
  } catch (err) {
    return fail(statuses.badRequest(`the request body is not valid YAML: ${(err as Error).message}`));
  }
  if (!Array.isArray(docs)) return fail(statuses.badRequest('the request body is not valid YAML'));
  if (docs.length !== 1)
    return fail(
      statuses.badRequest(`the request body must hold exactly one YAML document, found ${docs.length}`),
    );
  const doc = docs[0] as YAML.Document.Parsed;
  if (doc.errors.length > 0)
    return fail(statuses.badRequest(`the request body is not valid YAML: ${doc.errors[0]?.message ?? ''}`));
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/** Decodes an object body (POST, PUT) by its Content-Type. */
export function decodeObjectBody(contentType: string | undefined, body: Buffer): unknown {
  const type = bodyMediaType(contentType);
  if (body.length === 0) fail(statuses.badRequest('the request body is empty'));
  switch (type) {
    case '':
    case 'application/json':
      return parseJson(body.toString('utf8'));
    case 'application/yaml':
      return parseYaml(body.toString('utf8'));
    case 'application/vnd.kubernetes.protobuf':
      try {
        return decodeKubernetesProtobuf(new Uint8Array(body)).object;
      } catch (err) {
        if (err instanceof UnsupportedProtobufKindError) {
          fail(
            statuses.unsupportedMediaType(
              type,
              `devcluster decodes protobuf only for Namespace, ConfigMap, Secret and ServiceAccount, not ${err.kind}: use \`kubectl apply -f\` with a YAML or JSON manifest instead`,
            ),
          );
        }
        if (err instanceof ProtobufDecodeError)
          fail(statuses.badRequest(`the protobuf body could not be decoded: ${err.message}`));
        throw err;
      }
    default:
      return fail(statuses.unsupportedMediaType(type));
  }
}

/** Decodes a PATCH body; the patch type comes from the Content-Type. */
export function decodePatchBody(
  contentType: string | undefined,
  body: Buffer,
): { type: PatchType; patch: unknown } {
  const media = bodyMediaType(contentType);
  const type = patchTypeOf(media);
  if (type === undefined) {
    fail(
      statuses.unsupportedMediaType(
        media,
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
      ),
    );
  }
  if (media === 'application/apply-patch+cbor') fail(statuses.unsupportedMediaType(media));
  if (body.length === 0) fail(statuses.badRequest('the patch body is empty'));
  const text = body.toString('utf8');
  return { type, patch: type === 'apply' ? parseYaml(text) : parseJson(text) };
}

/**
 * Decodes the DeleteOptions body of a DELETE (JSON, YAML, or protobuf as client-go and so helm send it);
 * undefined when there is none.
 */
export function decodeDeleteBody(contentType: string | undefined, body: Buffer): unknown {
  return body.length === 0 ? undefined : decodeObjectBody(contentType, body);
}
