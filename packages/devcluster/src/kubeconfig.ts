// The kubeconfig devcluster writes for its clients: a plain-http server (with insecure-skip-tls-verify,
// which client-node requires before it allows http at all) and a dummy bearer-token user.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import YAML from 'yaml';

export function kubeconfigYaml(url: string, namespace = 'default'): string {
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'devcluster', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    contexts: [{ name: 'devcluster', context: { cluster: 'devcluster', user: 'devcluster', namespace } }],
    'current-context': 'devcluster',
    users: [{ name: 'devcluster', user: { token: 'devcluster' } }],
    preferences: {},
  });
}

/** Writes the kubeconfig atomically (readers never see half a file), readable only by the owner. */
export function writeKubeconfig(path: string, url: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, kubeconfigYaml(url), { mode: 0o600 });
  renameSync(tmp, path);
}
