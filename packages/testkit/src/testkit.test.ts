import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startProcess } from './child-process.js';
import { startEchoUpstream } from './upstreams.js';
import { waitFor } from './wait-for.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('waitFor', () => {
  it('returns the first truthy value of the probe', async () => {
    let n = 0;
    await expect(waitFor('n to reach 3', () => ++n >= 3 && n)).resolves.toBe(3);
  });

  it('names what it waited for and the last result when the deadline passes', async () => {
    await expect(waitFor('the moon', () => false, { timeoutMs: 30 })).rejects.toThrow(
      /timed out waiting for the moon; last result: false/,
    );
  });

  it('reports the last error a probe threw', async () => {
    const probe = (): boolean => {
      throw new Error('not yet');
    };
    await expect(waitFor('x', probe, { timeoutMs: 30 })).rejects.toThrow(/last result: threw not yet/);
  });
});

describe('startEchoUpstream', () => {
  it('echoes the method, url, host and body it received', async () => {
    const up = await startEchoUpstream({ name: 'a' });
    cleanups.push(() => up.close());
    const res = await request(`${up.url}/x?y=1`, {
      method: 'POST',
      body: 'hello',
      headers: { host: 'example.com' },
    });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toMatchObject({
      name: 'a',
      method: 'POST',
      url: '/x?y=1',
      host: 'example.com',
      body: 'hello',
    });
  });

  it('holds a request until released, and counts it in flight meanwhile', async () => {
    const up = await startEchoUpstream();
    cleanups.push(() => up.close());
    const pending = fetch(`${up.url}/?delay=hold`);
    await waitFor('the request to be held', () => up.inFlight() === 1);
    up.releaseHeld();
    expect((await pending).status).toBe(200);
    expect(up.inFlight()).toBe(0);
  });
});

describe('startProcess', () => {
  it('captures output, waits for a line and reports the exit code after a signal', async () => {
    const p = startProcess(process.execPath, {
      args: [
        '-e',
        // The handler goes in before the line is printed: the parent signals as soon as it sees the line.
        "process.on('SIGTERM', () => process.exit(7)); console.log('ready'); setInterval(() => {}, 1000)",
      ],
    });
    cleanups.push(() => p.stop('SIGKILL'));
    await expect(p.waitForLine(/^ready$/)).resolves.toBe('ready');
    await expect(p.stop()).resolves.toBe(7);
    expect(p.running).toBe(false);
  });

  it('fails a line wait at once when the process exits, with its last lines', async () => {
    const p = startProcess(process.execPath, { args: ['-e', "console.error('boom'); process.exit(3)"] });
    await expect(p.waitForLine(/never/)).rejects.toThrow(/process exited \(3\); last lines:\nboom/);
  });
});
