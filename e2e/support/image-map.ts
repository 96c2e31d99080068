// An image map for devcluster that extends config/devcluster/images.yaml (the add-on's images, played by the
// built deployables of this tree) with more images, e.g. a benchmark's timing app. The add-on's entries keep
// their commands; their working directory is made absolute, since the new map lives elsewhere.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { defaultImageMap } from './devcluster-process.js';

export interface ImageEntry {
  readonly command: readonly string[];
  readonly cwd?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly startupDelay?: string;
}

/** Writes `<dir>/images.yaml`: the default map plus `extra`; returns its path. */
export function writeImageMap(dir: string, extra: Readonly<Record<string, ImageEntry>>): string {
  const source = defaultImageMap();
  const map = parse(readFileSync(source, 'utf8')) as { images: Record<string, ImageEntry> };
  const images: Record<string, ImageEntry> = {};
  for (const [image, entry] of Object.entries(map.images))
    images[image] = { ...entry, cwd: resolve(dirname(source), entry.cwd ?? '.') };
  const path = join(dir, 'images.yaml');
  writeFileSync(path, stringify({ images: { ...images, ...extra } }));
  return path;
}
