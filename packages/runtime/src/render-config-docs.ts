// Writes docs/configuration.md from the deployables' config schemas.
//
//   node packages/runtime/dist/render-config-docs.js [--check] <output.md> [<module> …]
//
// Each <module> (a path, e.g. packages/interceptor/dist/config.js) must export `configSchemas` (an array) or
// `configSchema`, made with defineConfig; its sections appear in the order given. The modules are loaded by
// path at run time, so runtime never imports a deployable. With --check, nothing is written: the exit code is
// 1 when the file is missing or differs from what would be generated (for `make manifests` drift checks).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderConfigDocs } from './config-docs.js';
import { isConfigSchema, type ConfigSchema } from './config-schema.js';

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = 'usage: render-config-docs [--check] <output.md> [<module> …]\n';

/** Runs the command; returns the exit code. */
export async function renderConfigDocsCli(args: readonly string[], io: CliIo): Promise<number> {
  const check = args.includes('--check');
  const [output, ...modules] = args.filter((a) => a !== '--check');
  if (output === undefined || output.startsWith('-')) {
    io.stderr.write(USAGE);
    return 2;
  }
  const schemas: ConfigSchema[] = [];
  for (const path of modules) {
    const found = schemasOf(
      (await import(pathToFileURL(resolve(io.cwd, path)).href)) as Record<string, unknown>,
    );
    if (found.length === 0) {
      io.stderr.write(
        `render-config-docs: ${path} exports no configSchema or configSchemas made with defineConfig\n`,
      );
      return 1;
    }
    schemas.push(...found);
  }
  const target = resolve(io.cwd, output);
  const text = renderConfigDocs(schemas);
  if (check) {
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === text) return 0;
    io.stderr.write(`render-config-docs: ${output} is stale; regenerate it with make manifests\n`);
    return 1;
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text);
  io.stdout.write(`wrote ${output} (${schemas.length} schema${schemas.length === 1 ? '' : 's'})\n`);
  return 0;
}

function schemasOf(mod: Record<string, unknown>): ConfigSchema[] {
  const many = mod['configSchemas'];
  if (Array.isArray(many) && many.every(isConfigSchema)) return many;
  const one = mod['configSchema'];
  return isConfigSchema(one) ? [one] : [];
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  try {
    return script !== undefined && import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  void renderConfigDocsCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`render-config-docs: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
