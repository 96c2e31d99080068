// Installs the add-on the way `make deploy` does, with the real kubectl: namespace keda, the CRDs (waiting
// until they are established), then config/default. Its images (ghcr.io/keda-http/{operator,interceptor,
// scaler}) are played by the built deployables through devcluster's image map, so the operator, interceptor
// and scaler run as pods with the env, ports and probes of the manifests.
import { join } from 'node:path';
import { repoRoot, type KubectlRunner } from '@keda-http/devcluster/testing';

export const ADD_ON_NAMESPACE = 'keda';
export const DEPLOYMENTS = {
  operator: 'keda-add-ons-http-operator',
  interceptor: 'keda-add-ons-http-interceptor',
  scaler: 'keda-add-ons-http-external-scaler',
} as const;
export const SERVICES = {
  proxy: 'keda-add-ons-http-interceptor-proxy',
  interceptorAdmin: 'keda-add-ons-http-interceptor-admin',
  operatorAdmin: 'keda-add-ons-http-operator-admin',
  scaler: 'keda-add-ons-http-external-scaler',
} as const;
const CRDS = ['crd/httpscaledobjects.http.keda.sh', 'crd/interceptorroutes.http.keda.sh'];

/** Runs kubectl and returns its stdout; a non-zero exit throws with everything it printed. */
export async function kubectlOk(
  kubectl: KubectlRunner,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const r = await kubectl.run(args, input !== undefined ? { input } : {});
  if (r.code !== 0)
    throw new Error(`kubectl ${args.join(' ')} failed (${String(r.code)}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

export interface InstallSteps {
  /** Called as each step starts (for the demo's progress display). */
  readonly onStep?: (step: string) => void;
}

/** Applies the CRDs and config/default; resolves once applied (not yet running: see waitForAddOn). */
export async function installAddOn(kubectl: KubectlRunner, o: InstallSteps = {}): Promise<void> {
  o.onStep?.(`kubectl create namespace ${ADD_ON_NAMESPACE}`);
  await kubectlOk(kubectl, ['create', 'namespace', ADD_ON_NAMESPACE]);
  o.onStep?.('kubectl apply -k config/crd');
  await kubectlOk(kubectl, ['apply', '-k', join(repoRoot(), 'config', 'crd')]);
  await kubectlOk(kubectl, ['wait', '--for', 'condition=established', '--timeout=60s', ...CRDS]);
  o.onStep?.('kubectl apply -k config/default');
  await kubectlOk(kubectl, ['apply', '-k', join(repoRoot(), 'config', 'default')]);
}

/** Waits until the three Deployments are Available (their pods pass the manifests' readiness probes). */
export async function waitForAddOn(kubectl: KubectlRunner, timeoutSeconds = 180): Promise<void> {
  await kubectlOk(kubectl, [
    'wait',
    '--namespace',
    ADD_ON_NAMESPACE,
    '--for=condition=Available',
    `--timeout=${timeoutSeconds}s`,
    ...Object.values(DEPLOYMENTS).map((d) => `deployment/${d}`),
  ]);
}
