import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildAdminServer, type AdminServerOptions } from './admin-server.js';
import { defineConfig, parseConfig } from './config-schema.js';
import { port, string } from './config-types.js';
import { redactConfig } from './effective-config.js';
import { DuplicateCheckError } from './errors.js';
import { createLogger } from './logger.js';
import { createMetricsRegistry } from './metrics.js';
import { createReadiness, type NamedCheck } from './readiness.js';

function setup(options: Partial<AdminServerOptions> & { checks?: NamedCheck[] } = {}) {
  const lines: string[] = [];
  const logger = createLogger({ name: 'test', destination: { write: (s: string) => void lines.push(s) } });
  const app = buildAdminServer({
    logger,
    readiness: createReadiness({ checks: options.checks ?? [], checkTimeoutMs: 100 }),
    ...options,
  });
  onTestFinished(() => app.close());
  return { app, lines };
}

describe('admin server: /livez and /readyz', () => {
  it('answers /livez with 200 even when not ready', async () => {
    const { app } = setup({ checks: [{ name: 'table', check: () => false }] });
    const res = await app.inject('/livez');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when no check is registered', async () => {
    const { app } = setup();
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });

  it('answers 200 with every check when all pass, sync or async', async () => {
    const { app } = setup({
      checks: [
        { name: 'table', check: () => true },
        { name: 'cache', check: () => Promise.resolve(true) },
      ],
    });
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ready: true,
      checks: [
        { name: 'table', ready: true },
        { name: 'cache', ready: true },
      ],
    });
  });

  it('answers 503 naming each failing check and why', async () => {
    const { app } = setup({
      checks: [
        { name: 'passes', check: () => true },
        { name: 'false', check: () => false },
        {
          name: 'throws',
          check: () => {
            throw new Error('no routing table yet');
          },
        },
        { name: 'rejects', check: () => Promise.reject(new Error('watch not synced')) },
        { name: 'hangs', check: () => new Promise<boolean>(() => {}) },
      ],
    });
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json<{ failing: unknown }>().failing).toEqual([
      { name: 'false', ready: false, reason: 'not ready' },
      { name: 'throws', ready: false, reason: 'no routing table yet' },
      { name: 'rejects', ready: false, reason: 'watch not synced' },
      { name: 'hangs', ready: false, reason: 'no answer within 100 ms' },
    ]);
  });

  it('follows a check that changes, and one added after the server was built', async () => {
    let draining = false;
    const readiness = createReadiness();
    const { app } = setup({ readiness });
    readiness.add('not draining', () => !draining);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    draining = true;
    expect((await app.inject('/readyz')).statusCode).toBe(503);
    expect(readiness.remove('not draining')).toBe(true);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });

  it('refuses a second check with the same name', () => {
    const readiness = createReadiness({ checks: [{ name: 'a', check: () => true }] });
    expect(() => readiness.add('a', () => true)).toThrow(DuplicateCheckError);
  });
});

describe('admin server: /config and /metrics', () => {
  it('shows the effective settings in {configs: [...]} with secrets redacted', async () => {
    const schema = defineConfig({
      name: 'x',
      description: 'x',
      fields: {
        port: port({ env: 'X_PORT', default: 9090, description: 'Port.' }),
        token: string({ env: 'X_TOKEN', secret: true, description: 'Token.' }),
      },
    });
    const { config } = parseConfig(schema, { X_TOKEN: 'hunter2' });
    const { app } = setup({ configs: [redactConfig(schema, config)] });
    const res = await app.inject('/config');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ configs: [{ X_PORT: 9090, X_TOKEN: '[redacted]' }] });
    expect(res.body).not.toContain('hunter2');
  });

  it('shows {configs: []} when no config is given', async () => {
    const { app } = setup();
    expect((await app.inject('/config')).json()).toEqual({ configs: [] });
  });

  it('serves /metrics only when a registry is given', async () => {
    const { app: without } = setup();
    expect((await without.inject('/metrics')).statusCode).toBe(404);
    const { app } = setup({ metrics: createMetricsRegistry() });
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });
});

describe('admin server: request logging', () => {
  it.each([
    [false, 0],
    [true, 1],
  ])('with logRequests %s logs %i completed requests for one probe', async (logRequests, count) => {
    const { app, lines } = setup({ logRequests });
    await app.inject('/livez');
    expect(lines.filter((l) => l.includes('request completed'))).toHaveLength(count);
  });
});

describe('admin server: bad requests', () => {
  it('answers an unknown path with a JSON 404', async () => {
    const { app } = setup();
    const res = await app.inject('/nope?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not found', path: '/nope?x=1' });
  });

  it('answers a throwing route with a logged JSON 500 that hides the message, and keeps serving', async () => {
    const { app, lines } = setup();
    app.get('/boom', () => {
      throw new Error('internal detail');
    });
    const res = await app.inject('/boom');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal error' });
    expect(lines.some((l) => l.includes('admin request failed') && l.includes('internal detail'))).toBe(true);
    expect((await app.inject('/livez')).statusCode).toBe(200);
  });

  it('passes a client error through with its status and message', async () => {
    const { app } = setup();
    app.post('/echo', (req) => req.body);
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string }>().code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
  });

  it('survives garbage on a real socket and keeps answering', async () => {
    const { app } = setup();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port: p } = app.server.address() as { port: number };
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(p, '127.0.0.1', () => socket.write('\x00\x01 NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    const res = await fetch(`http://127.0.0.1:${p}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, checks: [] });
  });
});
