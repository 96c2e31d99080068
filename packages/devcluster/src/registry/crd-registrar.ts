// Turns CRDs into served resources: compiles each CRD's schemas when it is written (a CRD the schema module
// rejects is answered with 422), and registers or unregisters its resource types once the write commits.
import { fail } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { compileCrdSchemas, CrdDefinitionError, invalidStatus, type CompiledCrd } from '../schema/index.js';
import { crdResourceTypes, readCrd } from './crd-resources.js';
import type { Registry } from './registry.js';

export interface CrdRegistrar {
  /** Compiles the CRD's schemas; throws a 422 ApiStatusError when the CRD is not acceptable. */
  compile(crd: KubeObject): CompiledCrd;
  /** Serves the CRD's versions with the compiled schemas. */
  activate(crd: KubeObject, compiled: CompiledCrd): void;
  deactivate(crdName: string): void;
  schemaOf(crdName: string): CompiledCrd | undefined;
}

export function createCrdRegistrar(registry: Registry): CrdRegistrar {
  const schemas = new Map<string, CompiledCrd>();
  return {
    compile(crd) {
      try {
        return compileCrdSchemas(crd);
      } catch (err) {
        if (err instanceof CrdDefinitionError) {
          fail(
            invalidStatus({
              group: 'apiextensions.k8s.io',
              kind: 'CustomResourceDefinition',
              name: crd.metadata.name ?? '',
              causes: err.causes,
            }),
          );
        }
        throw err;
      }
    },
    activate(crd, compiled) {
      const name = crd.metadata.name ?? '';
      schemas.set(name, compiled);
      registry.register(`crd:${name}`, crdResourceTypes(readCrd(crd)));
    },
    deactivate(crdName) {
      schemas.delete(crdName);
      registry.unregister(`crd:${crdName}`);
    },
    schemaOf: (crdName) => schemas.get(crdName),
  };
}
