// Preloaded (--import) into a proxy by mem-probe.cjs: SIGUSR2 writes the process's memory figures to stderr as one
// `MEM {json}` line; SIGPWR writes a heap snapshot and a `SNAP <file>` line.
import fs from 'node:fs';
import v8 from 'node:v8';

process.on('SIGUSR2', () => {
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
  );
  const m = process.memoryUsage();
  fs.writeSync(
    2,
    `MEM ${JSON.stringify({ rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, spaces })}\n`,
  );
});
let snapshots = 0;
process.on('SIGPWR', () => {
  const file = v8.writeHeapSnapshot(
    `${process.env.SNAP_DIR || '.'}/heap-${process.pid}-${snapshots++}.heapsnapshot`,
  );
  fs.writeSync(2, `SNAP ${file}\n`);
});
