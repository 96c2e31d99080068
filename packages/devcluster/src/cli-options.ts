// The command line of `devcluster up`, parsed into startDevCluster options.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from './durations.js';
import type { DevClusterOptions } from './start.js';

export const USAGE = `usage: devcluster up --kubeconfig FILE [options]

  --kubeconfig FILE          where to write the kubeconfig for kubectl, helm and client-node (required)
  --port N                   port on 127.0.0.1 (default: a free port)
  --data-dir DIR             keep the cluster's state in DIR across restarts (default: memory only)
  --images FILE              image map (YAML or JSON): which local command plays which container image
  --hpa-sync-period DUR      the emulated HPA's sync period (default 15s)
  --probe-period-cap DUR     upper bound on readiness probes' periodSeconds (default: none)
  --pod-ip-start IP          the first pod IP (default 127.0.0.2)
  --log-dir DIR              also write each container's output to DIR/<namespace>_<pod>_<container>.log
  --no-workloads             do not run pods (no kubelet, Deployment or StatefulSet controllers)
  --no-keda                  do not emulate KEDA and the HPA
  --quiet                    do not print the event timeline on stderr
`;

export interface UpOptions extends DevClusterOptions {
  readonly kubeconfigPath: string;
  /** Print the event timeline on stderr (default true). */
  readonly printTimeline: boolean;
}

function duration(flag: string, text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) return `${flag}: "${text}" is not a positive duration (e.g. 2s, 500ms)`;
  return ms;
}

/** Parses the options of `up`; returns an error message instead when they are unusable. */
export function parseUpOptions(args: string[]): UpOptions | string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        kubeconfig: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        images: { type: 'string' },
        'hpa-sync-period': { type: 'string' },
        'probe-period-cap': { type: 'string' },
        'pod-ip-start': { type: 'string' },
        'log-dir': { type: 'string' },
        'no-workloads': { type: 'boolean' },
        'no-keda': { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return (err as Error).message;
  }
  if (values.kubeconfig === undefined || values.kubeconfig === '') return '--kubeconfig FILE is required';
  const options: { -readonly [K in keyof UpOptions]: UpOptions[K] } = {
    kubeconfigPath: resolve(values.kubeconfig),
    printTimeline: values.quiet !== true,
  };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      return `--port: "${values.port}" is not a port number (0-65535)`;
    options.port = port;
  }
  if (values['data-dir'] !== undefined) options.dataDir = resolve(values['data-dir']);
  if (values.images !== undefined) options.images = resolve(values.images);
  const sync = duration('--hpa-sync-period', values['hpa-sync-period']);
  if (typeof sync === 'string') return sync;
  if (sync !== undefined) options.hpaSyncPeriodMs = sync;
  const cap = duration('--probe-period-cap', values['probe-period-cap']);
  if (typeof cap === 'string') return cap;
  if (cap !== undefined) options.probePeriodCapMs = cap;
  if (values['pod-ip-start'] !== undefined) options.podIpStart = values['pod-ip-start'];
  if (values['log-dir'] !== undefined) options.logDir = resolve(values['log-dir']);
  if (values['no-workloads'] === true) options.workloads = false;
  if (values['no-keda'] === true) options.keda = false;
  return options;
}
