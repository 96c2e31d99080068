import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { crdFiles, writeCrdFiles } from './crd-files.js';
import { ApiError, ApiErrorCode } from './errors.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./generate-crds.ts', import.meta.url));
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crds-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('writeCrdFiles', () => {
  it('writes one YAML file per CRD, creating the directory', async () => {
    const dir = join(await tempDir(), 'nested', 'bases');
    const written = await writeCrdFiles(dir);
    expect(written).toEqual([
      join(dir, 'http.keda.sh_httpscaledobjects.yaml'),
      join(dir, 'http.keda.sh_interceptorroutes.yaml'),
    ]);
    for (const file of crdFiles())
      expect(await readFile(join(dir, file.fileName), 'utf8')).toBe(file.content);
  });

  it('fails with a coded error when the directory cannot be created', async () => {
    const blocker = join(await tempDir(), 'a-file');
    await writeFile(blocker, 'x');
    const error: unknown = await writeCrdFiles(join(blocker, 'bases')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(ApiErrorCode.WriteFailed);
    expect((error as ApiError).cause).toBeDefined();
  });
});

describe('the generate-crds command', () => {
  it('writes the files into the directory it is given', async () => {
    const dir = await tempDir();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, dir]);
    expect(stdout).toContain('http.keda.sh_interceptorroutes.yaml');
    expect(await readFile(join(dir, 'http.keda.sh_httpscaledobjects.yaml'), 'utf8')).toBe(
      crdFiles()[0]?.content,
    );
  });

  it('exits with status 2 and a usage line without a directory', async () => {
    const error = (await run(process.execPath, ['--import', 'tsx', cli]).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(error.code).toBe(2);
    expect(error.stderr).toBe('usage: generate-crds <output directory>\n');
  });
});
