import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineConfig, parseConfig } from './config-schema.js';
import { boolean, duration, list, oneOf, port, string } from './config-types.js';
import { configEndpointBody, redactConfig } from './effective-config.js';
import { ConfigDefinitionError, ConfigInvalidError } from './errors.js';

// A schema shaped like a deployable's, with made-up variable names (the deployables register their own).
const schema = defineConfig({
  name: 'example',
  description: 'An example deployable.',
  fields: {
    port: port({ env: 'EXAMPLE_PORT', default: 8080, description: 'Where it listens.' }),
    readinessTimeout: duration({
      env: 'EXAMPLE_READINESS_TIMEOUT',
      deprecatedNames: ['EXAMPLE_OLD_WAIT', 'EXAMPLE_OLDER_WAIT'],
      bareUnit: null,
      default: '0',
      description: 'How long to wait.',
    }),
    tick: duration({
      env: 'EXAMPLE_TICK_MS',
      bareUnit: 'ms',
      default: '500ms',
      description: 'Poll interval.',
    }),
    verbose: boolean({ env: 'EXAMPLE_VERBOSE', default: false, description: 'Log more.' }),
    mode: oneOf({ env: 'EXAMPLE_MODE', values: ['fast', 'safe'], default: 'safe', description: 'The mode.' }),
    namespace: string({ env: 'EXAMPLE_NAMESPACE', description: 'Optional namespace.' }),
    service: string({ env: 'EXAMPLE_SERVICE', required: true, description: 'Required service.' }),
    token: string({ env: 'EXAMPLE_TOKEN', secret: true, description: 'A secret.' }),
    suites: list({ env: 'EXAMPLE_SUITES', default: [], description: 'A list.' }),
  },
});

const minimal = { EXAMPLE_SERVICE: 'svc' };

describe('parseConfig', () => {
  it('applies every default when only the required variable is set', () => {
    const { config, warnings } = parseConfig(schema, minimal);
    expect(config).toEqual({
      port: 8080,
      readinessTimeout: 0,
      tick: 500,
      verbose: false,
      mode: 'safe',
      namespace: undefined,
      service: 'svc',
      token: undefined,
      suites: [],
    });
    expect(warnings).toEqual([]);
  });

  it('returns a frozen config', () => {
    const { config } = parseConfig(schema, minimal);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('infers the value types from the fields', () => {
    const { config } = parseConfig(schema, minimal);
    expectTypeOf(config.port).toEqualTypeOf<number>();
    expectTypeOf(config.mode).toEqualTypeOf<'fast' | 'safe'>();
    expectTypeOf(config.namespace).toEqualTypeOf<string | undefined>();
    expectTypeOf(config.service).toEqualTypeOf<string>();
    expectTypeOf(config.suites).toEqualTypeOf<readonly string[]>();
  });

  it('ignores variables it does not know', () => {
    expect(parseConfig(schema, { ...minimal, EXAMPLE_PORTT: 'x' }).config.port).toBe(8080);
  });

  it.each([
    [
      'the deprecated name alone: it is used, with a warning',
      { EXAMPLE_OLD_WAIT: '2s' },
      2000,
      [
        {
          variable: 'EXAMPLE_OLD_WAIT',
          message: 'EXAMPLE_OLD_WAIT is deprecated; use EXAMPLE_READINESS_TIMEOUT',
        },
      ],
    ],
    [
      'the current and the deprecated name: the current wins, and the deprecated one is reported as ignored',
      { EXAMPLE_READINESS_TIMEOUT: '1s', EXAMPLE_OLD_WAIT: '2s' },
      1000,
      [
        {
          variable: 'EXAMPLE_OLD_WAIT',
          message: 'EXAMPLE_OLD_WAIT is deprecated and ignored, because EXAMPLE_READINESS_TIMEOUT is set',
        },
      ],
    ],
    [
      'two deprecated names: the first listed wins',
      { EXAMPLE_OLDER_WAIT: '3s', EXAMPLE_OLD_WAIT: '2s' },
      2000,
      [
        {
          variable: 'EXAMPLE_OLD_WAIT',
          message: 'EXAMPLE_OLD_WAIT is deprecated; use EXAMPLE_READINESS_TIMEOUT',
        },
        {
          variable: 'EXAMPLE_OLDER_WAIT',
          message: 'EXAMPLE_OLDER_WAIT is deprecated and ignored, because EXAMPLE_OLD_WAIT is set',
        },
      ],
    ],
    ['an empty deprecated name: treated as unset, no warning', { EXAMPLE_OLD_WAIT: '' }, 0, []],
  ])('maps %s', (_name, env, expected, warnings) => {
    const loaded = parseConfig(schema, { ...minimal, ...env });
    expect(loaded.config.readinessTimeout).toBe(expected);
    expect(loaded.warnings).toEqual(
      warnings.map((w) => ({ ...w, replacement: 'EXAMPLE_READINESS_TIMEOUT' })),
    );
  });

  describe('with a deprecated name that wins when above 0 (upstream KEDA_CONDITION_WAIT_TIMEOUT)', () => {
    const legacy = defineConfig({
      name: 'legacy',
      description: 'x',
      fields: {
        timeout: duration({
          env: 'EXAMPLE_TIMEOUT',
          deprecatedNames: ['EXAMPLE_LEGACY_TIMEOUT'],
          deprecatedOverride: { when: (ms) => ms > 0, description: 'above 0' },
          bareUnit: null,
          default: '0',
          description: 'A timeout.',
        }),
      },
    });

    it.each([
      [
        'the deprecated name above 0 wins over the current one',
        { EXAMPLE_TIMEOUT: '1s', EXAMPLE_LEGACY_TIMEOUT: '5s' },
        5000,
        'EXAMPLE_LEGACY_TIMEOUT is deprecated; use EXAMPLE_TIMEOUT. It wins over EXAMPLE_TIMEOUT because it is above 0',
      ],
      [
        'the deprecated name at 0 is ignored when the current one is set',
        { EXAMPLE_TIMEOUT: '1s', EXAMPLE_LEGACY_TIMEOUT: '0' },
        1000,
        'EXAMPLE_LEGACY_TIMEOUT is deprecated and ignored, because EXAMPLE_TIMEOUT is set',
      ],
      [
        'the deprecated name at 0 is used when it is the only one set',
        { EXAMPLE_LEGACY_TIMEOUT: '0' },
        0,
        'EXAMPLE_LEGACY_TIMEOUT is deprecated; use EXAMPLE_TIMEOUT',
      ],
      [
        'a bad deprecated value is ignored when the current one is set',
        { EXAMPLE_TIMEOUT: '2s', EXAMPLE_LEGACY_TIMEOUT: 'soon' },
        2000,
        'EXAMPLE_LEGACY_TIMEOUT is deprecated and ignored, because EXAMPLE_TIMEOUT is set',
      ],
    ])('%s', (_name, env, expected, warning) => {
      const loaded = parseConfig(legacy, env);
      expect(loaded.config.timeout).toBe(expected);
      expect(loaded.warnings.map((w) => w.message)).toEqual([warning]);
    });
  });

  it('names the deprecated variable when its value is bad', () => {
    expect(() => parseConfig(schema, { ...minimal, EXAMPLE_OLD_WAIT: 'soon' })).toThrow(
      'EXAMPLE_OLD_WAIT: expected a duration like 500ms, got "soon"',
    );
  });

  it('reports every problem at once, one line each, in field order', () => {
    const env = {
      EXAMPLE_PORT: 'http',
      EXAMPLE_TICK_MS: '1.5',
      EXAMPLE_VERBOSE: 'yes',
      EXAMPLE_MODE: 'turbo',
    };
    let caught: unknown;
    try {
      parseConfig(schema, env);
    } catch (err) {
      caught = err;
    }
    expect(ConfigInvalidError.is(caught)).toBe(true);
    const problems = [
      'EXAMPLE_PORT: expected a port number from 0 to 65535, got "http"',
      'EXAMPLE_TICK_MS: expected a duration like 500ms or a whole number of milliseconds, got "1.5"',
      'EXAMPLE_VERBOSE: expected true or false, got "yes"',
      'EXAMPLE_MODE: expected one of fast, safe, got "turbo"',
      'EXAMPLE_SERVICE: required, but not set',
    ];
    expect((caught as InstanceType<typeof ConfigInvalidError>).detail.problems).toEqual(problems);
    expect((caught as Error).message).toBe(problems.join('\n'));
    expect((caught as { code: string }).code).toBe('RUNTIME_CONFIG_INVALID');
  });
});

describe('defineConfig', () => {
  it.each([
    [
      'two fields with the same variable',
      {
        a: port({ env: 'EXAMPLE_A', description: 'a' }),
        b: port({ env: 'EXAMPLE_A', description: 'b' }),
      },
    ],
    [
      'a deprecated name that is another field’s variable',
      {
        a: port({ env: 'EXAMPLE_A', description: 'a' }),
        b: port({ env: 'EXAMPLE_B', deprecatedNames: ['EXAMPLE_A'], description: 'b' }),
      },
    ],
  ])('rejects %s', (_name, fields) => {
    expect(() => defineConfig({ name: 'x', description: 'x', fields })).toThrow(ConfigDefinitionError);
  });
});

describe('redactConfig', () => {
  it('keys the effective settings by variable, shows durations in Go syntax and unset values as null', () => {
    const { config } = parseConfig(schema, { ...minimal, EXAMPLE_TICK_MS: '1500', EXAMPLE_SUITES: 'a,b' });
    expect(redactConfig(schema, config)).toEqual({
      EXAMPLE_PORT: 8080,
      EXAMPLE_READINESS_TIMEOUT: '0s',
      EXAMPLE_TICK_MS: '1.5s',
      EXAMPLE_VERBOSE: false,
      EXAMPLE_MODE: 'safe',
      EXAMPLE_NAMESPACE: null,
      EXAMPLE_SERVICE: 'svc',
      EXAMPLE_TOKEN: null,
      EXAMPLE_SUITES: ['a', 'b'],
    });
  });

  it('replaces a secret that is set with [redacted], so its value appears nowhere in the output', () => {
    const { config } = parseConfig(schema, { ...minimal, EXAMPLE_TOKEN: 's3cr3t-value' });
    const shown = redactConfig(schema, config);
    expect(shown['EXAMPLE_TOKEN']).toBe('[redacted]');
    expect(JSON.stringify(configEndpointBody([shown]))).not.toContain('s3cr3t-value');
  });
});
