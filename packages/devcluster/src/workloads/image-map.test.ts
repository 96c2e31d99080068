import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createImageMap, loadImageMap, lookupImage, repositoryOf } from './image-map.js';

const dir = mkdtempSync(join(tmpdir(), 'image-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('image references', () => {
  it.each([
    ['a registry, path and tag', 'ghcr.io/keda-http/operator:main', 'keda-http/operator'],
    ['a bare path', 'keda-http/operator', 'keda-http/operator'],
    ['a digest', 'ghcr.io/keda-http/scaler@sha256:abcd', 'keda-http/scaler'],
    ['a registry with a port', 'localhost:5000/keda-http/interceptor:1.2', 'keda-http/interceptor'],
    ["Docker Hub's library prefix", 'docker.io/library/nginx:1.27', 'nginx'],
    ['a single name with a tag', 'nginx:latest', 'nginx'],
    ['upper case', 'GHCR.io/Keda-HTTP/Echo', 'keda-http/echo'],
  ])('are matched on the repository path: %s', (_name, image, repository) => {
    expect(repositoryOf(image)).toBe(repository);
  });
});

describe('the image map', () => {
  it('finds a mapped image under any registry and tag, and the built-in echo image', () => {
    const map = createImageMap(
      { 'ghcr.io/keda-http/operator:main': { command: ['node', 'main.js'] } },
      '/base',
    );
    expect(lookupImage(map, 'keda-http/operator')).toMatchObject({
      command: ['node', 'main.js'],
      cwd: '/base',
    });
    expect(lookupImage(map, 'example.com/keda-http/operator:v9')).toBeDefined();
    expect(lookupImage(map, 'ghcr.io/keda-http/echo:1')).toBe('echo');
    expect(lookupImage(map, 'registry.k8s.io/e2e-test-images/agnhost:2.40')).toBeUndefined();
  });

  it('reads YAML with a duration, env and a cwd relative to the file', () => {
    const file = join(dir, 'images.yaml');
    writeFileSync(
      file,
      'images:\n  keda-http/scaler:\n    command: node\n    args: [dist/main.js]\n    env: {A: "1", B: 2}\n    startupDelay: 1.5s\n    cwd: sub\n',
    );
    expect(lookupImage(loadImageMap(file), 'keda-http/scaler')).toEqual({
      command: ['node'],
      args: ['dist/main.js'],
      env: { A: '1', B: '2' },
      startupDelayMs: 1500,
      cwd: join(dir, 'sub'),
    });
  });

  it('reads JSON too', () => {
    const file = join(dir, 'images.json');
    writeFileSync(file, JSON.stringify({ images: { app: { command: ['sleep', '60'], startupDelay: 250 } } }));
    expect(lookupImage(loadImageMap(file), 'app:1')).toMatchObject({
      command: ['sleep', '60'],
      startupDelayMs: 250,
    });
  });

  it.each([
    ['a missing command', { app: {} }, 'image map: app.command: must be a list of strings'],
    ['an empty command', { app: { command: [] } }, 'image map: app.command: must name an executable'],
    [
      'a bad duration',
      { app: { command: 'x', startupDelay: 'soon' } },
      'app.startupDelay: "soon" is not a duration',
    ],
    ['an unknown field', { app: { command: 'x', image: 'y' } }, 'app.image: unknown field'],
    [
      'args that are not strings',
      { app: { command: 'x', args: [1] } },
      'app.args: must be a list of strings',
    ],
  ])('refuses %s, naming the field', (_name, input, message) => {
    expect(() => createImageMap(input)).toThrow(message);
  });

  it('refuses a file without an images mapping, naming the file', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'keda-http/echo: {}\n');
    expect(() => loadImageMap(file)).toThrow(`image map ${file}: expected a top-level "images:" mapping`);
  });
});
