// node packages/operator/dist/main.js: the operator process. Thin wiring (DESIGN habit 1): parse config,
// build the operator, listen, start watching and campaigning, and shut down in order on SIGTERM/SIGINT.
import { loadKubeConfig } from '@keda-http/k8s';
import { createLogger, createShutdown } from '@keda-http/runtime';
import { listenUnspecified } from './admin-listen.js';
import { loadConfigFromProcess } from './config.js';
import { createOperator } from './operator.js';

async function main(): Promise<number> {
  // Config: every problem on its own line, then exit 1.
  let loaded;
  try {
    loaded = loadConfigFromProcess();
  } catch (err) {
    for (const line of (err as Error).message.split('\n')) process.stderr.write(`operator: ${line}\n`);
    return 1;
  }
  const { config, warnings } = loaded;
  const logger = createLogger({ name: 'operator', level: config.logLevel });
  for (const w of warnings) logger.warn({ variable: w.variable, replacement: w.replacement }, w.message);

  // State: the Kubernetes client configuration, then the operator (nothing started yet).
  let kubeConfig;
  try {
    kubeConfig = loadKubeConfig({ path: config.kubeconfig });
  } catch (err) {
    process.stderr.write(`operator: ${(err as Error).message}\n`);
    return 1;
  }
  const operator = createOperator(config, { logger, kubeConfig });

  // Shutdown order, each phase with its own deadline:
  //   1. /readyz answers 503 at once;
  //   2. stop reconciling and release the Lease, so that another replica leads without waiting it out;
  //   3. answer held /routing_table long-polls and close the admin server;
  //   4. stop the watches.
  const shutdown = createShutdown({
    logger,
    phases: [
      {
        name: 'not ready',
        deadlineMs: 1_000,
        run: () => operator.readiness.add('shutting-down', () => false),
      },
      { name: 'release leadership', deadlineMs: 10_000, run: () => operator.stopLeading() },
      { name: 'close admin server', deadlineMs: 5_000, run: () => operator.closeAdmin() },
      { name: 'stop watches', deadlineMs: 5_000, run: () => operator.stopWatching() },
    ],
  });
  process.once('SIGTERM', () => void shutdown.trigger('SIGTERM'));
  process.once('SIGINT', () => void shutdown.trigger('SIGINT'));

  // Servers: /livez answers while the caches sync; /readyz turns 200 once they have and the table is built.
  // The "listening" line is written at any level but silent: tools read the bound port from it.
  const listenLogger = config.logLevel === 'silent' ? logger : logger.child({}, { level: 'info' });
  try {
    await listenUnspecified(operator.admin, config.adminPort, 'admin', listenLogger);
  } catch (err) {
    logger.fatal({ err, port: config.adminPort }, 'cannot listen on the admin port');
    await shutdown.trigger('listen failed');
    return 1;
  }

  // Start: watch, wait for the caches, build the first table, campaign for the Lease.
  try {
    await operator.start(shutdown.signal);
    logger.info(
      { identity: operator.identity, version: operator.publisher.current()?.version },
      'operator ready',
    );
  } catch (err) {
    if (!shutdown.signal.aborted) {
      logger.fatal({ err }, 'operator failed to start');
      await shutdown.trigger('start failed');
      return 1;
    }
  }
  const report = await shutdown.done;
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`operator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
