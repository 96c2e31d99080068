// The benchmark's image map: config/devcluster/images.yaml plus `keda-http-bench/app`, the timing app of
// app.mjs, run by this Node.
import { fileURLToPath } from 'node:url';
import { writeImageMap } from '../../e2e/support/image-map.js';

export const BENCH_APP_IMAGE = 'keda-http-bench/app';

export const writeBenchImageMap = (dir: string): string =>
  writeImageMap(dir, {
    [BENCH_APP_IMAGE]: { command: [process.execPath, fileURLToPath(new URL('./app.mjs', import.meta.url))] },
  });
