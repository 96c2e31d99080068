// @keda-http/devcluster/testing: helpers for tests that drive the real kubectl and helm against devcluster.
export {
  createHelm,
  createKubectl,
  helmPath,
  kubectlPath,
  repoRoot,
  type HelmRunner,
  type KubectlRunner,
  type ToolRunner,
} from './testing/tools.js';
export {
  runTool,
  spawnTool,
  type RunningTool,
  type RunOptions,
  type ToolResult,
} from './testing/run-tool.js';
export {
  deploymentManifest,
  nodeScriptImage,
  processAlive,
  serviceManifest,
  statefulSetManifest,
  waitForTimeline,
  type WorkloadFixture,
} from './testing/workload-fixtures.js';
export { waitFor } from './testing/wait-for.js';
export {
  startTestScaler,
  type ScalerCall,
  type TestMetricSpec,
  type TestMetricValue,
  type TestScaler,
} from './testing/test-scaler.js';
