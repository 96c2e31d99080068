// Where the programs devcluster runs inside pods live: the built-in echo image and the listen shim that Node
// commands get through NODE_OPTIONS. From dist/ they are the compiled .js files beside this module's
// directory. From src/ (vitest runs the sources) the echo server is the .ts file run through tsx; the shim is
// the built dist/ file when there is one, so that product processes started by a test do not carry tsx's
// loader hooks, and the .ts file through tsx otherwise.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface PodPrograms {
  /** argv that runs the echo server. */
  readonly echo: readonly string[];
  /** Options for NODE_OPTIONS that install the listen shim (`--import=<file URL>`). */
  readonly nodeOptions: readonly string[];
}

export function locatePodPrograms(): PodPrograms {
  const program = (ext: string, name: string): URL =>
    new URL(`../pod-programs/${name}.${ext}`, import.meta.url);
  if (!import.meta.url.endsWith('.ts')) {
    return {
      echo: [process.execPath, fileURLToPath(program('js', 'echo-server'))],
      nodeOptions: [`--import=${program('js', 'listen-on-pod-ip').href}`],
    };
  }
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const builtShim = new URL('../../dist/pod-programs/listen-on-pod-ip.js', import.meta.url);
  return {
    // The sources import @keda-http/* through their `source` export condition.
    echo: [
      process.execPath,
      '--conditions=source',
      `--import=${tsx}`,
      fileURLToPath(program('ts', 'echo-server')),
    ],
    nodeOptions: existsSync(builtShim)
      ? [`--import=${builtShim.href}`]
      : [`--import=${tsx}`, `--import=${program('ts', 'listen-on-pod-ip').href}`],
  };
}
