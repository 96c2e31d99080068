#!/usr/bin/env node
// The devcluster CLI. `devcluster up --kubeconfig FILE [options]` runs the cluster in the foreground, writes
// the kubeconfig once it is ready, prints exactly one line `devcluster ready: <url> kubeconfig=<file>` on
// stdout, the event timeline on stderr, and on SIGINT or SIGTERM ends every pod process and stops cleanly.
import { parseUpOptions, USAGE } from './cli-options.js';
import { startDevCluster } from './start.js';
import { formatTimelineEntry } from './timeline/event-timeline.js';

async function up(args: string[]): Promise<number> {
  const options = parseUpOptions(args);
  if (typeof options === 'string') {
    process.stderr.write(`devcluster up: ${options}\n\n${USAGE}`);
    return 2;
  }
  const { printTimeline, ...startOptions } = options;
  const cluster = await startDevCluster({
    ...startOptions,
    ...(printTimeline ? { onTimeline: (e) => process.stderr.write(`${formatTimelineEntry(e)}\n`) } : {}),
  });
  process.stdout.write(`devcluster ready: ${cluster.url} kubeconfig=${cluster.kubeconfigPath}\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void cluster.stop().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'up') return up(rest);
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(`devcluster: unknown command ${JSON.stringify(command ?? '')}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`devcluster: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
