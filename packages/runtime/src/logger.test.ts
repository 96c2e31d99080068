import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { formatLine } from './pretty-stream.js';

function memory() {
  const lines: string[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(s) } };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the name, a level label and an ISO time', () => {
    const { lines, destination } = memory();
    createLogger({ name: 'interceptor', destination }).info({ route: 'ns/a' }, 'hello');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(entry).toMatchObject({ name: 'interceptor', level: 'info', msg: 'hello', route: 'ns/a' });
    expect(entry['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it.each([
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['silent', []],
  ] as const)('at level %s writes only %j', (level, expected) => {
    const { lines, destination } = memory();
    const log = createLogger({ name: 't', level, destination });
    log.trace('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(expected);
  });

  it('writes human-readable lines when pretty', () => {
    const { lines, destination } = memory();
    createLogger({ name: 'scaler', pretty: true, destination }).warn({ pods: 3 }, 'slow poll');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}scaler: slow poll pods=3\n$/);
  });

  it('writes JSON to stdout by default', async () => {
    const logger = fileURLToPath(new URL('./logger.ts', import.meta.url));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const script = `import { createLogger } from ${JSON.stringify(pathToFileURL(logger).href)};
      createLogger({ name: 'child' }).info('to stdout');`;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      '--import',
      tsx,
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ name: 'child', level: 'info', msg: 'to stdout' });
  });
});

describe('formatLine', () => {
  it.each([
    [
      'an entry with fields',
      '{"level":"info","time":"2025-01-02T03:04:05.678Z","name":"op","msg":"ready","port":9090,"ns":"keda"}',
      '03:04:05.678 INFO  op: ready port=9090 ns=keda',
    ],
    [
      'an entry with an error stack',
      '{"level":"error","time":"2025-01-02T03:04:05.678Z","msg":"failed","err":{"message":"boom","stack":"Error: boom\\n    at x"}}',
      '03:04:05.678 ERROR failed\n    Error: boom\n        at x',
    ],
    ['a line that is not JSON', 'plain text\n', 'plain text'],
    ['a JSON value that is not an object', '[1,2]', '[1,2]'],
  ])('renders %s', (_name, line, expected) => {
    expect(formatLine(line)).toBe(expected);
  });
});
