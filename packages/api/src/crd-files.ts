// The CRDs as YAML files: one file per CRD, named the way controller-gen names them, with a header that says
// where they come from. The output is deterministic, so re-generating gives no diff.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildCrds, type CustomResourceDefinition } from './crds.js';
import { ApiError, ApiErrorCode } from './errors.js';

export interface CrdFile {
  readonly fileName: string;
  readonly content: string;
}

const HEADER =
  '# Generated from the zod schemas in packages/api by `make manifests`. Do not edit by hand.\n---\n';

export function crdFileName(crd: CustomResourceDefinition): string {
  return `${crd.spec.group}_${crd.spec.names.plural}.yaml`;
}

export function crdToYaml(crd: CustomResourceDefinition): string {
  return HEADER + stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function crdFiles(): readonly CrdFile[] {
  return buildCrds().map((crd) => ({ fileName: crdFileName(crd), content: crdToYaml(crd) }));
}

/** Writes every CRD file into `dir` (created if missing) and returns the paths written. */
export async function writeCrdFiles(dir: string): Promise<readonly string[]> {
  try {
    await mkdir(dir, { recursive: true });
    const written: string[] = [];
    for (const file of crdFiles()) {
      const path = join(dir, file.fileName);
      await writeFile(path, file.content);
      written.push(path);
    }
    return written;
  } catch (cause) {
    throw new ApiError(ApiErrorCode.WriteFailed, `cannot write the CRDs to ${dir}`, { cause });
  }
}
