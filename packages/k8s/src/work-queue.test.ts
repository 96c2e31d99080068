import { describe, expect, it } from 'vitest';
import { createWorkQueue, type WorkQueueEvent } from './work-queue.js';

/** A handler whose calls the test releases one by one. */
function gatedHandler() {
  const calls: string[] = [];
  const gates: Array<{ key: string; release: (err?: Error) => void }> = [];
  const waiters: Array<() => void> = [];
  const handler = (key: string): Promise<void> => {
    calls.push(key);
    for (const w of waiters.splice(0)) w();
    return new Promise<void>((resolve, reject) =>
      gates.push({ key, release: (err) => (err ? reject(err) : resolve()) }),
    );
  };
  const untilCalls = async (n: number): Promise<void> => {
    while (calls.length < n) await new Promise<void>((r) => waiters.push(r));
  };
  return { handler, calls, gates, untilCalls };
}

describe('createWorkQueue', () => {
  it('processes a key once however often it is added while waiting', async () => {
    const g = gatedHandler();
    const q = createWorkQueue({ concurrency: 1, handler: g.handler });
    q.add('busy');
    await g.untilCalls(1);
    for (const k of ['a', 'b', 'a', 'b']) q.add(k);
    expect(q.length).toBe(2);
    g.gates[0]?.release();
    await g.untilCalls(2);
    g.gates[1]?.release();
    await g.untilCalls(3);
    g.gates[2]?.release();
    await q.idle();
    expect(g.calls).toEqual(['busy', 'a', 'b']);
  });

  it('never runs the same key twice at once, and re-runs a key added while it was running', async () => {
    const g = gatedHandler();
    const q = createWorkQueue({ concurrency: 4, handler: g.handler });
    q.add('a');
    await g.untilCalls(1);
    q.add('a');
    q.add('b');
    await g.untilCalls(2);
    expect(g.calls).toEqual(['a', 'b']);
    g.gates[0]?.release();
    await g.untilCalls(3);
    expect(g.calls).toEqual(['a', 'b', 'a']);
    g.gates[1]?.release();
    g.gates[2]?.release();
    await q.idle();
  });

  it('requeues a failed key with back-off and forgets the failure after a success', async () => {
    const events: WorkQueueEvent[] = [];
    let failuresLeft = 2;
    const q = createWorkQueue({
      handler: async () => {
        if (failuresLeft-- > 0) throw new Error('boom');
      },
      backoff: { initialMs: 1, maxMs: 5, random: () => 0 },
      onEvent: (e) => events.push(e),
    });
    q.add('k');
    await q.idle();
    expect(events.map((e) => e.type)).toEqual(['failed', 'failed', 'done']);
    expect(
      events.filter((e) => e.type === 'failed').map((e) => (e as { retryInMs: number }).retryInMs),
    ).toEqual([1, 1]);
  });

  it('honours the concurrency limit', async () => {
    const g = gatedHandler();
    const q = createWorkQueue({ concurrency: 2, handler: g.handler });
    for (const k of ['a', 'b', 'c']) q.add(k);
    await g.untilCalls(2);
    expect(g.calls).toEqual(['a', 'b']);
    expect(q.length).toBe(1);
    g.gates[0]?.release();
    await g.untilCalls(3);
    g.gates[1]?.release();
    g.gates[2]?.release();
    await q.idle();
  });

  it('stops taking work on shutdown and waits for the keys in progress', async () => {
    const g = gatedHandler();
    const q = createWorkQueue({ concurrency: 1, handler: g.handler });
    q.add('a');
    q.add('b');
    await g.untilCalls(1);
    let finished = false;
    const done = q.shutdown().then(() => (finished = true));
    q.add('c');
    expect(finished).toBe(false);
    g.gates[0]?.release();
    await done;
    expect(g.calls).toEqual(['a']);
  });

  it('runs a delayed key later, and an immediate add replaces the delay', async () => {
    const seen: string[] = [];
    const q = createWorkQueue({ handler: async (k) => void seen.push(k) });
    q.addAfter('later', 1);
    await q.idle();
    expect(seen).toEqual(['later']);
    q.addAfter('soon', 60_000);
    q.add('soon');
    await q.idle();
    expect(seen).toEqual(['later', 'soon']);
  });
});
