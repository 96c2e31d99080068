// The image map: which local command plays which container image. Images are matched on their repository
// path, ignoring the registry, tag and digest, so `ghcr.io/keda-http/operator:main` and `keda-http/operator`
// both match the key `keda-http/operator`. `keda-http/echo` is built in (the map may override it).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { isJsonObject } from '../api/types.js';
import { parseDuration } from '../durations.js';
import { DevClusterError } from '../errors.js';

export interface ImageCommand {
  /** The executable and its fixed arguments (the image's ENTRYPOINT). */
  readonly command: readonly string[];
  /** Default arguments (the image's CMD); a container's `args` replace them. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** How long "pulling and creating" the container takes before the process starts. */
  readonly startupDelayMs: number;
  /** Working directory; default: the map file's directory (or the current directory). */
  readonly cwd: string;
}

/** Keys are normalised repository paths (see `repositoryOf`). */
export type ImageMap = ReadonlyMap<string, ImageCommand>;

export const ECHO_IMAGE = 'keda-http/echo';

/** What the image map file (or the `images` option) holds, before normalisation. */
export interface ImageMapInput {
  readonly [image: string]: {
    readonly command: string | readonly string[];
    readonly args?: readonly string[];
    readonly env?: Readonly<Record<string, string>>;
    /** A duration ("1.5s") or milliseconds. */
    readonly startupDelay?: string | number;
    readonly cwd?: string;
  };
}

/**
 * The repository path of an image reference: without digest, tag and registry host, and without Docker Hub's
 * `library/` prefix. `ghcr.io/keda-http/operator:main` → `keda-http/operator`; `nginx:1.27` → `nginx`.
 */
export function repositoryOf(image: string): string {
  let ref = image.trim();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  if (colon >= 0) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    parts.shift();
    if (/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)$/.test(first) && parts[0] === 'library')
      parts.shift();
  }
  return parts.join('/').toLowerCase();
}

const invalid = (where: string, message: string): never => {
  throw new DevClusterError('INVALID_OPTIONS', `image map: ${where}: ${message}`);
};

const stringList = (value: unknown, where: string): string[] => {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    return invalid(where, `must be a list of strings, got ${JSON.stringify(value)}`);
  return value as string[];
};

function entryOf(image: string, raw: unknown, baseDir: string): ImageCommand {
  if (!isJsonObject(raw))
    return invalid(image, `must be an object with a command, got ${JSON.stringify(raw)}`);
  const known = new Set(['command', 'args', 'env', 'startupDelay', 'cwd']);
  for (const key of Object.keys(raw))
    if (!known.has(key)) invalid(`${image}.${key}`, `unknown field (known: ${[...known].join(', ')})`);
  const command =
    typeof raw['command'] === 'string' ? [raw['command']] : stringList(raw['command'], `${image}.command`);
  if (command.length === 0 || command[0] === '') invalid(`${image}.command`, 'must name an executable');
  const args = raw['args'] === undefined ? [] : stringList(raw['args'], `${image}.args`);
  const env: Record<string, string> = {};
  if (raw['env'] !== undefined) {
    if (!isJsonObject(raw['env'])) invalid(`${image}.env`, 'must map names to strings');
    for (const [k, v] of Object.entries(raw['env'] as Record<string, unknown>)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        invalid(`${image}.env.${k}`, `must be a string, got ${JSON.stringify(v)}`);
      env[k] = String(v);
    }
  }
  let startupDelayMs = 0;
  const delay = raw['startupDelay'];
  if (typeof delay === 'number' && Number.isFinite(delay) && delay >= 0) startupDelayMs = delay;
  else if (typeof delay === 'string') {
    const parsed = parseDuration(delay);
    if (parsed === undefined) invalid(`${image}.startupDelay`, `"${delay}" is not a duration (e.g. "1.5s")`);
    startupDelayMs = parsed ?? 0;
  } else if (delay !== undefined) {
    invalid(`${image}.startupDelay`, `must be a duration or milliseconds, got ${JSON.stringify(delay)}`);
  }
  if (raw['cwd'] !== undefined && typeof raw['cwd'] !== 'string')
    invalid(`${image}.cwd`, `must be a path, got ${JSON.stringify(raw['cwd'])}`);
  const cwd = resolve(baseDir, typeof raw['cwd'] === 'string' ? raw['cwd'] : '.');
  return { command, args, env, startupDelayMs, cwd };
}

/** Normalises and validates an image map; relative `cwd`s are taken from `baseDir`. */
export function createImageMap(input: unknown, baseDir: string = process.cwd()): ImageMap {
  if (input === undefined || input === null) return new Map();
  if (!isJsonObject(input)) return invalid('the document', 'must map image names to commands');
  const map = new Map<string, ImageCommand>();
  for (const [image, raw] of Object.entries(input)) {
    const key = repositoryOf(image);
    if (key === '') invalid(JSON.stringify(image), 'is not an image reference');
    map.set(key, entryOf(image, raw, baseDir));
  }
  return map;
}

/**
 * Reads an image map file (YAML or JSON): `images: { <image>: { command, args, env, startupDelay, cwd } }`.
 * Relative `cwd`s are resolved against the file's directory, which is also the default `cwd`.
 */
export function loadImageMap(path: string): ImageMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DevClusterError('INVALID_OPTIONS', `image map ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new DevClusterError('INVALID_OPTIONS', `image map ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!isJsonObject(doc) || !isJsonObject(doc['images']))
    throw new DevClusterError('INVALID_OPTIONS', `image map ${path}: expected a top-level "images:" mapping`);
  return createImageMap(doc['images'], dirname(resolve(path)));
}

/** The local command for an image: a mapped one, the built-in echo, or undefined (ErrImagePull). */
export function lookupImage(map: ImageMap, image: string): ImageCommand | 'echo' | undefined {
  const key = repositoryOf(image);
  return map.get(key) ?? (key === ECHO_IMAGE ? 'echo' : undefined);
}
