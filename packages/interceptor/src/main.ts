// The interceptor process: `node packages/interceptor/dist/main.js`. Thin wiring that reads like a script.
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigInvalidError, createLogger, createShutdown } from '@keda-http/runtime';
import { loadConfigFromProcess } from './config.js';
import { wireInterceptor } from './wiring.js';

/** createShutdown needs a number; a drain timeout of 0 means "no limit". */
const NO_LIMIT_MS = 2 ** 31 - 1;

async function main(): Promise<number> {
  // 1. Configuration: every bad value on its own line on stderr, then exit 1.
  let loaded: ReturnType<typeof loadConfigFromProcess>;
  try {
    loaded = loadConfigFromProcess();
  } catch (err) {
    if (!ConfigInvalidError.is(err)) throw err;
    for (const problem of err.detail.problems) process.stderr.write(`interceptor: ${problem}\n`);
    return 1;
  }
  const { config, warnings } = loaded;
  const logger = createLogger({ name: 'interceptor', level: config.logLevel });
  for (const w of warnings) logger.warn({ variable: w.variable, replacement: w.replacement }, w.message);

  // 2. State and servers, built but not started: watches, table follower, pipeline, proxy/admin/metrics.
  const wired = wireInterceptor(config, { logger });
  const { interceptor } = wired;

  // 3. Shutdown, in this order (as upstream's interceptor/main.go):
  //    1. /readyz answers 503 at once, so Kubernetes takes this pod out of the proxy Service's endpoints;
  //    2. keep serving for KEDA_HTTP_SHUTDOWN_DELAY while that removal propagates;
  //    3. close the listeners and drain requests in flight for up to KEDA_HTTP_DRAIN_TIMEOUT (0: no limit);
  //    4. stop the table follower and the watches, close the admin and metrics servers and every upstream
  //       connection; then exit 0.
  const shutdown = createShutdown({
    logger,
    phases: [
      { name: 'readyz 503', deadlineMs: 1_000, run: () => interceptor.markNotReady() },
      {
        name: 'shutdown delay',
        deadlineMs: config.shutdownDelay + 1_000,
        run: (signal) => sleep(config.shutdownDelay, undefined, { signal }).catch(() => undefined),
      },
      {
        name: 'drain',
        deadlineMs: config.drainTimeout === 0 ? NO_LIMIT_MS : config.drainTimeout,
        run: (signal) => interceptor.drain(signal),
      },
      { name: 'stop', deadlineMs: 10_000, run: () => wired.stop() },
    ],
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown.trigger(signal));
  }

  // 4. Start: listen, then wait for the watches and the first routing table (/readyz turns 200 then).
  try {
    await wired.start();
    await wired.ready(shutdown.signal);
    const table = interceptor.tables.current();
    logger.info({ version: table?.version, routes: table?.routes.length }, 'ready');
  } catch (err) {
    // A signal during start-up ends the waits above; shutdown then runs as usual.
    if (!shutdown.signal.aborted) {
      logger.fatal({ err }, 'interceptor failed to start');
      return 1;
    }
  }
  await shutdown.done;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`interceptor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
