import { describe, expect, it } from 'vitest';
import { createRecentWrites } from './recent-writes.js';

describe('createRecentWrites', () => {
  it('holds a write until the informer delivers the object', () => {
    const recent = createRecentWrites<string>({ now: () => 0 });
    recent.set('apps/web', 'v1');
    expect(recent.get('apps/web')).toBe('v1');
    recent.delete('apps/web');
    expect(recent.get('apps/web')).toBeUndefined();
  });

  it('forgets a write older than the ttl', () => {
    let t = 0;
    const recent = createRecentWrites<string>({ ttlMs: 100, now: () => t });
    recent.set('apps/web', 'v1');
    t = 100;
    expect(recent.get('apps/web')).toBe('v1');
    t = 101;
    expect(recent.get('apps/web')).toBeUndefined();
    expect(recent.size).toBe(0);
  });
});
