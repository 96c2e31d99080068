// Runs once before the test projects: makes sure the pinned kubectl and helm are extracted into .tools/bin,
// so tests that drive the real binaries never depend on a system kubectl.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('./setup-tools.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
}
