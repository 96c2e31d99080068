// node packages/scaler/dist/main.js: the external scaler process. Thin wiring only (deployables.md): parse
// the config, build the scaler, start it, wait for its caches and first routing table, and shut down in
// numbered phases on SIGTERM or SIGINT. Only this file handles signals or calls process.exit.
import { ConfigInvalidError, createLogger, createShutdown } from '@keda-http/runtime';
import { loadConfig } from './config.js';
import { createScaler } from './scaler.js';

async function main(): Promise<number> {
  // Parse the config: a bad value stops start-up with one line per problem.
  let loaded;
  try {
    loaded = loadConfig();
  } catch (err) {
    if (!ConfigInvalidError.is(err)) throw err;
    process.stderr.write(
      `keda-http-scaler: invalid configuration:\n${err.detail.problems.map((p) => `  ${p}\n`).join('')}`,
    );
    return 1;
  }
  const { config, warnings } = loaded;
  const log = createLogger({ name: 'scaler', level: config.logLevel });
  for (const w of warnings) log.warn({ variable: w.variable, replacement: w.replacement }, w.message);

  // Build the state and the servers, then start: listen, watch, follow the table, poll.
  const scaler = createScaler(config, { logger: log });
  const shutdown = createShutdown({
    logger: log,
    phases: [
      // 1. Health and /readyz report NOT_SERVING at once; KEDA's calls are still answered.
      { name: 'stop reporting ready', deadlineMs: 1_000, run: () => scaler.drain() },
      // 2. End the StreamIsActive streams, stop accepting, and give open calls up to 5 s.
      { name: 'close the gRPC and admin servers', deadlineMs: 10_000, run: () => scaler.closeServers(5_000) },
      // 3. Stop the pinger, the activation long-polls, the routing-table follower and the watches.
      { name: 'stop background work', deadlineMs: 10_000, run: () => scaler.stopBackground() },
    ],
  });
  process.once('SIGTERM', () => void shutdown.trigger('SIGTERM'));
  process.once('SIGINT', () => void shutdown.trigger('SIGINT'));

  try {
    await scaler.start();
  } catch (err) {
    log.fatal({ err }, 'the scaler could not start');
    await shutdown.trigger('start-up failed');
    return 1;
  }

  // Wait for the EndpointSlice caches and the first routing table; readiness follows by itself.
  void scaler.ready(shutdown.signal).then(
    () => log.info('EndpointSlice watches synced and a routing table is loaded'),
    () => undefined,
  );

  const report = await shutdown.done;
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `keda-http-scaler: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
