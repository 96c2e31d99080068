// Loads the KEDA external scaler contract at run time with @grpc/proto-loader. The file read is the package's
// copy, packages/scaler/proto/externalscaler.proto, which scripts/generate-proto.mjs copies from the repo's
// proto/externalscaler.proto (the single source of truth; a test fails when the copy is stale). It ships with
// the package ("files" in package.json), and this module sits at the same depth under src/ and dist/, so the
// same relative path works from the sources, from dist/, after `pnpm deploy` and in an image.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import { ProtoNotFound } from '../errors.js';
import type { ProtoGrpcType } from '../generated/externalscaler.js';
import type { ExternalScalerDefinition } from '../generated/externalscaler/ExternalScaler.js';

/** Must match the generator options in scripts/generate-proto.mjs, or the generated types would lie. */
export const LOADER_OPTIONS: Options = Object.freeze({
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});

/** The package's copy of the proto, resolved from this module (src/grpc or dist/grpc). */
export const PROTO_PATH = fileURLToPath(new URL('../../proto/externalscaler.proto', import.meta.url));

export interface ExternalScalerProto {
  readonly path: string;
  /** For @grpc/reflection. */
  readonly packageDefinition: PackageDefinition;
  /** The externalscaler.ExternalScaler service, to add to a server. */
  readonly service: ExternalScalerDefinition;
  /** The typed package, e.g. for building a client: `new proto.grpc.externalscaler.ExternalScaler(…)`. */
  readonly grpc: ProtoGrpcType;
}

export function loadExternalScalerProto(path: string = PROTO_PATH): ExternalScalerProto {
  if (!existsSync(path)) throw new ProtoNotFound({ tried: [path] });
  const packageDefinition = loadSync(path, LOADER_OPTIONS);
  const grpc = loadPackageDefinition(packageDefinition) as unknown as ProtoGrpcType;
  return { path, packageDefinition, service: grpc.externalscaler.ExternalScaler.service, grpc };
}
