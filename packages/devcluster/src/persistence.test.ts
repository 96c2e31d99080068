import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevCluster } from './start.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('--data-dir persistence', () => {
  it('keeps objects, custom resources and the resourceVersion across a restart, and expires older watches', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'devcluster-data-'));
    dirs.push(dataDir);
    const first = await startDevCluster({ dataDir });
    first.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' }).create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kept', namespace: 'default' },
      data: { a: 'b' },
    });
    first.store.resource({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' }).create({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'so', namespace: 'default' },
      spec: {
        scaleTargetRef: { name: 'web' },
        triggers: [{ type: 'external-push', metadata: { scalerAddress: 'x:9090' } }],
      },
    });
    const rv = first.store.resourceVersion;
    await first.stop();

    const second = await startDevCluster({ dataDir });
    try {
      expect(
        second.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' }).get('default', 'kept')?.['data'],
      ).toEqual({ a: 'b' });
      expect(
        second.store.resource({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' }).get('default', 'so'),
      ).toBeDefined();
      expect(Number(second.store.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
      const older = String(Number(rv) - 1);
      expect(() =>
        second.store
          .resource({ apiVersion: 'v1', kind: 'ConfigMap' })
          .watch({ resourceVersion: older }, () => undefined),
      ).toThrow(/too old resource version/);
    } finally {
      await second.stop();
    }
  });
});
