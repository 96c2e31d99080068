import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createPodIpPool } from './pod-ip-pool.js';

describe('the pod IP pool', () => {
  it('hands out the lowest free address and reuses released ones', async () => {
    const pool = createPodIpPool({ first: '127.0.40.1' });
    const a = await pool.allocate([]);
    const b = await pool.allocate([]);
    expect([a, b]).toEqual(['127.0.40.1', '127.0.40.2']);
    pool.release(a);
    expect(await pool.allocate([])).toBe('127.0.40.1');
    expect(pool.inUse()).toEqual(['127.0.40.1', '127.0.40.2']);
  });

  it('gives concurrent allocations different addresses', async () => {
    const pool = createPodIpPool({ first: '127.0.41.1' });
    const ips = await Promise.all([1, 2, 3, 4].map(() => pool.allocate([])));
    expect(new Set(ips).size).toBe(4);
  });

  it('skips an address whose port another process (or cluster) already holds', async () => {
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.42.1', r));
    onTestFinished(() => void squatter.close());
    const port = (squatter.address() as net.AddressInfo).port;
    const pool = createPodIpPool({ first: '127.0.42.1' });
    expect(await pool.allocate([port])).toBe('127.0.42.2');
  });

  it('refuses a start address outside 127/8', () => {
    expect(() => createPodIpPool({ first: '10.0.0.1' })).toThrow(
      'podIpStart: "10.0.0.1" is not a 127.x.y.z address',
    );
  });
});
