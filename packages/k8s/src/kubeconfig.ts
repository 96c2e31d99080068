// Loads the Kubernetes client configuration: an explicit kubeconfig file when one is given (the deployables
// pass KUBECONFIG through their config), otherwise client-node's defaults (KUBECONFIG, ~/.kube/config, then
// the in-cluster service account).
import { KubeConfig } from '@kubernetes/client-node';
import { K8sError } from './errors.js';

export interface LoadKubeConfigOptions {
  /** A kubeconfig file; when absent, client-node's default search order applies. */
  readonly path?: string | undefined;
}

export function loadKubeConfig(opts: LoadKubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (opts.path) kc.loadFromFile(opts.path);
    else kc.loadFromDefault();
  } catch (cause) {
    const where = opts.path
      ? `kubeconfig ${opts.path}`
      : 'the default kubeconfig or in-cluster configuration';
    throw new K8sError('K8S_KUBECONFIG', `cannot load ${where}: ${(cause as Error).message}`, { cause });
  }
  if (!kc.getCurrentCluster()) {
    throw new K8sError('K8S_KUBECONFIG', 'the kubeconfig has no current cluster (is current-context set?)');
  }
  return kc;
}
