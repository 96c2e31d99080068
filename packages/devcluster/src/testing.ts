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
