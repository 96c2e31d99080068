// The command line of `devcluster up`, parsed into startDevCluster options (part 2 adds --images here).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DevClusterOptions } from './start.js';

export const USAGE = `usage: devcluster up --kubeconfig FILE [--port N] [--data-dir DIR]

  --kubeconfig FILE  where to write the kubeconfig for kubectl, helm and client-node (required)
  --port N           port on 127.0.0.1 (default: a free port)
  --data-dir DIR     keep the cluster's state in DIR across restarts (default: memory only)
`;

export interface UpOptions extends DevClusterOptions {
  readonly kubeconfigPath: string;
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
  };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      return `--port: "${values.port}" is not a port number (0-65535)`;
    options.port = port;
  }
  if (values['data-dir'] !== undefined) options.dataDir = resolve(values['data-dir']);
  return options;
}
