import { createCounter } from '@keda-http/queue';
import { describe, expect, it } from 'vitest';
import { createActivityEpoch } from './activity-epoch.js';

describe('activity epoch', () => {
  it('goes up when a route goes from 0 to 1 request in flight, and only then', () => {
    const counter = createCounter();
    counter.syncKeys(['ns/a', 'ns/b']);
    const epoch = createActivityEpoch(counter);
    expect(epoch.current()).toBe(0);
    epoch.tracker.increase('ns/a');
    expect(epoch.current()).toBe(1);
    epoch.tracker.increase('ns/a');
    epoch.tracker.increase('ns/b');
    expect(epoch.current()).toBe(2);
    epoch.tracker.decrease('ns/a');
    epoch.tracker.decrease('ns/a');
    expect(counter.get('ns/a')?.Concurrency).toBe(0);
    epoch.tracker.increase('ns/a');
    expect(epoch.current()).toBe(3);
    expect(counter.get('ns/a')).toEqual({ Concurrency: 1, RequestCount: 3 });
  });

  it('answers a watcher at once when the epoch already differs', async () => {
    const epoch = createActivityEpoch(createCounter());
    epoch.tracker.increase('ns/a');
    await expect(epoch.changed(0, 60_000)).resolves.toBe(1);
  });

  it('wakes a watcher as soon as a route is activated', async () => {
    const epoch = createActivityEpoch(createCounter());
    const waiting = epoch.changed(0, 60_000);
    epoch.tracker.increase('ns/a');
    await expect(waiting).resolves.toBe(1);
  });

  it('answers a watcher with the same epoch when its timeout passes', async () => {
    const epoch = createActivityEpoch(createCounter());
    await expect(epoch.changed(0, 1)).resolves.toBe(0);
  });

  it('answers every watcher when released for shutdown', async () => {
    const epoch = createActivityEpoch(createCounter());
    const waiting = [epoch.changed(0, 60_000), epoch.changed(0, 60_000)];
    epoch.releaseWatchers();
    await expect(Promise.all(waiting)).resolves.toEqual([0, 0]);
  });

  it('answers a watcher whose signal aborts', async () => {
    const epoch = createActivityEpoch(createCounter());
    const gone = new AbortController();
    const waiting = epoch.changed(0, 60_000, gone.signal);
    gone.abort();
    await expect(waiting).resolves.toBe(0);
  });
});
