// Runs one of the guide's `curl -L <url>` recipes the way a user does: through bash, with `$NAMESPACE` in
// the environment, using the machine's curl. Where curl is not installed, the same request (GET, redirects
// followed) is sent with fetch instead, and the result says so.
import { execFileSync } from 'node:child_process';
import { runTool } from '@keda-http/devcluster/testing';

export interface RecipeResult {
  /** `curl` or `fetch`. */
  readonly client: 'curl' | 'fetch';
  readonly exitCode: number;
  /** What the command wrote to stdout (the answer's body). */
  readonly body: string;
}

let curlInstalled: boolean | undefined;
export function hasCurl(): boolean {
  if (curlInstalled === undefined) {
    try {
      execFileSync('bash', ['-c', 'command -v curl'], { stdio: 'ignore' });
      curlInstalled = true;
    } catch {
      curlInstalled = false;
    }
  }
  return curlInstalled;
}

export async function runRecipe(command: string, namespace: string): Promise<RecipeResult> {
  if (hasCurl()) {
    const r = await runTool('bash', ['-c', command], {
      env: { ...process.env, NAMESPACE: namespace },
      timeoutMs: 30_000,
    });
    return { client: 'curl', exitCode: r.code ?? -1, body: r.stdout };
  }
  const m = /^curl -L (\S+)$/.exec(command);
  if (m === null) throw new Error(`not a "curl -L <url>" recipe: ${command}`);
  const url = `http://${(m[1] as string).replaceAll('$NAMESPACE', namespace)}`;
  const res = await fetch(url, { redirect: 'follow' });
  return { client: 'fetch', exitCode: 0, body: await res.text() };
}
