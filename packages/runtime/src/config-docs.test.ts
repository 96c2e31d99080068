import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { renderConfigDocs } from './config-docs.js';
import { defineConfig } from './config-schema.js';
import { boolean, duration, list, port, string } from './config-types.js';
import { renderConfigDocsCli } from './render-config-docs.js';

const schema = defineConfig({
  name: 'example',
  description: 'An example deployable.',
  fields: {
    port: port({ env: 'EXAMPLE_PORT', default: 8080, description: 'Where it listens.' }),
    wait: duration({
      env: 'EXAMPLE_WAIT',
      deprecatedNames: ['EXAMPLE_OLD_WAIT'],
      deprecatedOverride: { when: (ms) => ms > 0, description: 'above 0' },
      bareUnit: 's',
      default: '30s',
      description: 'How long to wait | at most.',
    }),
    tls: boolean({ env: 'EXAMPLE_TLS', default: false, description: 'Serve TLS.' }),
    service: string({ env: 'EXAMPLE_SERVICE', required: true, description: 'The Service.' }),
    token: string({ env: 'EXAMPLE_TOKEN', secret: true, description: 'A token.' }),
    suites: list({ env: 'EXAMPLE_SUITES', default: [], description: 'Cipher suites.' }),
  },
});

describe('renderConfigDocs', () => {
  it('explains the syntax of durations, booleans and deprecated names in the header', () => {
    const text = renderConfigDocs([]);
    expect(text).toMatch(/^# Configuration\n/);
    expect(text).toContain('Do not edit by hand');
    for (const topic of [
      '**Durations**',
      '**Booleans**',
      '**Deprecated names**',
      '**A bad value stops start-up**',
    ]) {
      expect(text).toContain(topic);
    }
    expect(text).toContain('No deployable has registered its configuration schema yet.');
  });

  it('renders one table row per field, with type, default, description and deprecated names', () => {
    const text = renderConfigDocs([schema]);
    expect(text).toContain('\n## example\n\nAn example deployable.\n');
    expect(text).toContain('| Variable | Type | Default | Description | Deprecated names |');
    const rows = [
      '| `EXAMPLE_PORT` | port | `8080` | Where it listens. |  |',
      '| `EXAMPLE_WAIT` | duration (bare number: seconds) | `30s` | How long to wait \\| at most. | `EXAMPLE_OLD_WAIT` (wins when above 0) |',
      '| `EXAMPLE_TLS` | boolean | `false` | Serve TLS. |  |',
      '| `EXAMPLE_SERVICE` | string | **required** | The Service. |  |',
      '| `EXAMPLE_TOKEN` | string, secret | unset | A token. |  |',
      '| `EXAMPLE_SUITES` | comma-separated list | (empty) | Cipher suites. |  |',
    ];
    for (const row of rows) expect(text).toContain(`\n${row}\n`);
  });

  it('keeps the sections in the order given', () => {
    const other = defineConfig({ name: 'other', description: 'Another.', fields: {} });
    const text = renderConfigDocs([other, schema]);
    expect(text.indexOf('## other')).toBeLessThan(text.indexOf('## example'));
  });
});

/** A temp dir with a module exporting a schema (loaded by path, like the deployables' dist/config.js). */
async function fixture(exportLine: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'config-docs-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const src = (file: string) => JSON.stringify(fileURLToPath(new URL(file, import.meta.url)));
  await writeFile(
    join(dir, 'config.ts'),
    [
      `import { defineConfig } from ${src('./config-schema.ts')};`,
      `import { port } from ${src('./config-types.ts')};`,
      `const a = defineConfig({ name: 'alpha', description: 'A.', fields: {`,
      `  p: port({ env: 'ALPHA_PORT', default: 1, description: 'Port.' }) } });`,
      `const b = defineConfig({ name: 'beta', description: 'B.', fields: {} });`,
      exportLine,
    ].join('\n'),
  );
  return dir;
}

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      cwd,
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
    },
  };
}

describe('render-config-docs command', () => {
  it.each([
    ['configSchemas', 'export const configSchemas = [a, b];', ['alpha', 'beta']],
    ['configSchema', 'export const configSchema = a;', ['alpha']],
  ])('writes the docs of the modules’ %s export', async (_name, exportLine, sections) => {
    const dir = await fixture(exportLine);
    const { io: cli, out } = io(dir);
    expect(await renderConfigDocsCli(['docs/configuration.md', 'config.ts'], cli)).toBe(0);
    const text = await readFile(join(dir, 'docs/configuration.md'), 'utf8');
    expect(text).toMatch(/^# Configuration\n/);
    expect([...text.matchAll(/^## (\w+)$/gm)].map((m) => m[1]).filter((s) => s !== 'Syntax')).toEqual(
      sections,
    );
    expect(out.stdout).toContain('wrote docs/configuration.md');
  });

  it('passes --check when the file is current and fails it when it is stale', async () => {
    const dir = await fixture('export const configSchema = a;');
    const { io: cli, out } = io(dir);
    expect(await renderConfigDocsCli(['out.md', 'config.ts'], cli)).toBe(0);
    expect(await renderConfigDocsCli(['--check', 'out.md', 'config.ts'], cli)).toBe(0);
    await writeFile(join(dir, 'out.md'), 'hand edited\n');
    expect(await renderConfigDocsCli(['--check', 'out.md', 'config.ts'], cli)).toBe(1);
    expect(out.stderr).toContain('out.md is stale');
    expect(await readFile(join(dir, 'out.md'), 'utf8')).toBe('hand edited\n');
  });

  it('fails for a module that exports no schema, and shows usage without an output path', async () => {
    const dir = await fixture('export const nothing = 1;');
    const { io: cli, out } = io(dir);
    expect(await renderConfigDocsCli(['out.md', 'config.ts'], cli)).toBe(1);
    expect(out.stderr).toContain('config.ts exports no configSchema');
    expect(await renderConfigDocsCli([], cli)).toBe(2);
    expect(out.stderr).toContain('usage: render-config-docs');
  });

  it('runs as a script in a child process', async () => {
    const dir = await fixture('export const configSchema = a;');
    const script = fileURLToPath(new URL('./render-config-docs.ts', import.meta.url));
    // tsx is a root devDependency; the child resolves it by path, since it runs in a temp dir.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', tsx, script, 'out.md', 'config.ts'], {
      cwd: dir,
    });
    expect(stdout).toContain('wrote out.md (1 schema)');
    expect(await readFile(join(dir, 'out.md'), 'utf8')).toContain('| `ALPHA_PORT` | port | `1` | Port. |  |');
    await writeFile(join(dir, 'out.md'), 'stale\n');
    const check = await run(process.execPath, ['--import', tsx, script, '--check', 'out.md', 'config.ts'], {
      cwd: dir,
    }).then(
      () => 0,
      (err: { code: number }) => err.code,
    );
    expect(check).toBe(1);
  });
});
