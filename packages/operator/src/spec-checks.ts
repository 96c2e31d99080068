// The checks a CRD schema cannot make, because they depend on other objects: every Service an object routes
// to must exist in its namespace and have the port it names. Also, an HTTPScaledObject that should get a
// ScaledObject must name the workload to scale. Pure: Services come from an injected lookup (the informer
// cache). Each issue names the field, as whole-object validation does, so both go into one InvalidSpec message.
import type { HTTPScaledObject, InterceptorRoute, ValidationIssue } from '@keda-http/api';
import type { KubeObject } from '@keda-http/k8s';

export interface ServicePort {
  name?: string;
  port?: number;
}

export interface Service extends KubeObject {
  spec?: { ports?: ServicePort[] | null; [key: string]: unknown };
}

export type ServiceLookup = (namespace: string, name: string) => Service | undefined;

/** One reference to a Service port, with the path of the fields that hold it. */
export interface ServiceRefField {
  /** e.g. `spec.scaleTargetRef` */
  readonly path: string;
  /** The field naming the Service under `path`: `service` or `name`. */
  readonly serviceField: string;
  readonly service: string;
  readonly port?: number | undefined;
  readonly portName?: string | undefined;
}

export function httpScaledObjectServiceRefs(hso: HTTPScaledObject): ServiceRefField[] {
  const ref = hso.spec.scaleTargetRef;
  const refs: ServiceRefField[] = [{ path: 'spec.scaleTargetRef', serviceField: 'service', ...ref }];
  const failover = hso.spec.coldStartTimeoutFailoverRef;
  if (failover) refs.push({ path: 'spec.coldStartTimeoutFailoverRef', serviceField: 'service', ...failover });
  return refs;
}

export function interceptorRouteServiceRefs(ir: InterceptorRoute): ServiceRefField[] {
  const refs: ServiceRefField[] = [{ path: 'spec.target', serviceField: 'service', ...ir.spec.target }];
  const fallback = ir.spec.coldStart?.fallback?.service;
  if (fallback) {
    refs.push({
      path: 'spec.coldStart.fallback.service',
      serviceField: 'name',
      service: fallback.name,
      port: fallback.port,
      portName: fallback.portName,
    });
  }
  return refs;
}

const portList = (ports: readonly ServicePort[]): string =>
  ports.length === 0
    ? 'it has no ports'
    : `it has ${ports.map((p) => (p.name ? `${p.name} (${p.port ?? '?'})` : String(p.port ?? '?'))).join(', ')}`;

/** Issues for Services that do not exist or lack the named port. */
export function serviceIssues(
  namespace: string,
  refs: readonly ServiceRefField[],
  lookup: ServiceLookup,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const ref of refs) {
    const service = lookup(namespace, ref.service);
    if (service === undefined) {
      const path = `${ref.path}.${ref.serviceField}`;
      issues.push({
        path,
        message: `${path}: Service "${ref.service}" not found in namespace "${namespace}"`,
      });
      continue;
    }
    const ports = service.spec?.ports ?? [];
    if (ref.portName !== undefined && !ports.some((p) => p.name === ref.portName)) {
      const path = `${ref.path}.portName`;
      issues.push({
        path,
        message: `${path}: Service "${ref.service}" has no port named "${ref.portName}" (${portList(ports)})`,
      });
    }
    if (ref.port !== undefined && !ports.some((p) => p.port === ref.port)) {
      const path = `${ref.path}.port`;
      issues.push({
        path,
        message: `${path}: Service "${ref.service}" has no port ${ref.port} (${portList(ports)})`,
      });
    }
  }
  return issues;
}

/** A ScaledObject needs a workload name; without the skip annotation the HTTPScaledObject must give one. */
export function scaleTargetIssues(hso: HTTPScaledObject, skipScaledObject: boolean): ValidationIssue[] {
  if (skipScaledObject || (hso.spec.scaleTargetRef.name ?? '') !== '') return [];
  const path = 'spec.scaleTargetRef.name';
  return [{ path, message: `${path}: is required to create a ScaledObject` }];
}
