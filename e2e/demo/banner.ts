// The demo's banner: where each component listens, the kubeconfig, and commands to copy and paste (curl
// through the interceptor, the pinned kubectl, the developing guide's kubectl-proxy recipes).
import { GUIDE_RECIPES } from '../support/guide-recipes.js';

export interface BannerInput {
  readonly apiUrl: string;
  readonly kubeconfig: string;
  readonly kubectl: string;
  readonly logDir: string;
  /** `ip:port` of each listener, from the Services' EndpointSlices. */
  readonly proxy: string;
  readonly interceptorAdmin: string;
  readonly interceptorMetrics: string;
  readonly operatorAdmin: string;
  readonly scalerGrpc: string;
  readonly scalerAdmin: string;
  readonly host: string;
  readonly app: string;
  readonly scaledownPeriodSeconds: number;
}

export function banner(b: BannerInput): string[] {
  const k = b.kubectl;
  const rows: [string, string][] = [
    ['Kubernetes API (devcluster)', b.apiUrl],
    ['kubeconfig', b.kubeconfig],
    ['interceptor proxy', `http://${b.proxy}        (Service keda/keda-add-ons-http-interceptor-proxy:8080)`],
    ['interceptor admin', `http://${b.interceptorAdmin}/queue, /routing_table, /deployments, /config`],
    ['interceptor metrics', `http://${b.interceptorMetrics}/metrics`],
    ['operator admin', `http://${b.operatorAdmin}/routing_table, /config`],
    ['external scaler', `gRPC ${b.scalerGrpc}; admin http://${b.scalerAdmin}/queue, /queue_ping, /config`],
    ['event timeline', `${b.apiUrl}/devcluster/events`],
    ['pod logs', `${b.logDir}/`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    '',
    '━━ keda-http is running on devcluster ━━',
    '',
    ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
    '',
    'Try, in another terminal:',
    `  export KUBECONFIG=${b.kubeconfig}`,
    `  curl -i -H 'Host: ${b.host}' http://${b.proxy}/      # a cold start again once ${b.app} is back at 0 (${b.scaledownPeriodSeconds}s idle)`,
    `  ${k} get httpso -A`,
    `  ${k} get deployments,pods -n ${b.app.split('/')[0] ?? ''} -w`,
    `  ${k} logs -n keda deployment/keda-add-ons-http-interceptor`,
    `  curl -s '${b.apiUrl}/devcluster/events?since=0'`,
    '',
    "The developing guide's debugging recipes (docs/debugging.md):",
    `  ${k} proxy -p 9898 &`,
    '  export NAMESPACE=keda',
    ...GUIDE_RECIPES.map((r) => `  ${r.command}`),
    '',
    'Press Ctrl-C to stop: every process the demo started stops with it.',
  ];
}
