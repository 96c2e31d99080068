import { describe, expect, it } from 'vitest';
import type { ConfigField } from './config-field.js';
import { defineConfig, parseConfig } from './config-schema.js';
import { boolean, custom, duration, integer, list, oneOf, port, string, url } from './config-types.js';
import { ConfigDefinitionError, ConfigInvalidError } from './errors.js';

/** Parses one field from `raw` (undefined = unset): the value, or the thrown message. */
function read(field: ConfigField<unknown>, raw: string | undefined): { value: unknown } | { error: string } {
  const schema = defineConfig({ name: 't', description: 'test', fields: { x: field } });
  try {
    return { value: parseConfig(schema, { [field.env]: raw }).config.x };
  } catch (err) {
    if (!ConfigInvalidError.is(err)) throw err;
    return { error: err.message };
  }
}

const common = { env: 'KEDA_HTTP_X', description: 'A setting.' } as const;

type Case = [name: string, field: ConfigField<unknown>, raw: string | undefined, expected: unknown];

const cases: Case[] = [
  // durations
  ['a duration with a unit', duration({ ...common, bareUnit: null }), '500ms', { value: 500 }],
  ['a compound duration', duration({ ...common, bareUnit: null }), '1m30s', { value: 90_000 }],
  ['a zero duration without unit', duration({ ...common, bareUnit: null }), '0', { value: 0 }],
  [
    'a bare number in the field’s unit (seconds)',
    duration({ ...common, bareUnit: 's' }),
    '30',
    { value: 30_000 },
  ],
  [
    'a bare number in the field’s unit (milliseconds)',
    duration({ ...common, bareUnit: 'ms' }),
    '200',
    { value: 200 },
  ],
  [
    'a unit even where bare numbers are allowed',
    duration({ ...common, bareUnit: 's' }),
    '250ms',
    { value: 250 },
  ],
  [
    'an unset duration as its default',
    duration({ ...common, bareUnit: null, default: '5s' }),
    undefined,
    { value: 5000 },
  ],
  [
    'an empty duration as its default',
    duration({ ...common, bareUnit: null, default: '5s' }),
    '',
    { value: 5000 },
  ],
  [
    'an unset duration without default as undefined',
    duration({ ...common, bareUnit: null }),
    undefined,
    { value: undefined },
  ],
  [
    'a word where a duration belongs',
    duration({ ...common, bareUnit: null }),
    'abc',
    { error: 'KEDA_HTTP_X: expected a duration like 500ms, got "abc"' },
  ],
  [
    'a bare number where the upstream variable was a Go duration',
    duration({ ...common, bareUnit: null }),
    '5',
    { error: 'KEDA_HTTP_X: expected a duration like 500ms, got "5"' },
  ],
  [
    'a negative duration',
    duration({ ...common, bareUnit: 's' }),
    '-5s',
    { error: 'KEDA_HTTP_X: expected a duration like 500ms or a whole number of seconds, got "-5s"' },
  ],
  [
    'a fractional bare number',
    duration({ ...common, bareUnit: 'ms' }),
    '1.5',
    { error: 'KEDA_HTTP_X: expected a duration like 500ms or a whole number of milliseconds, got "1.5"' },
  ],
  [
    'a duration with surrounding spaces',
    duration({ ...common, bareUnit: null }),
    ' 5s',
    { error: 'KEDA_HTTP_X: expected a duration like 500ms, got " 5s"' },
  ],
  [
    'a duration below its minimum',
    duration({ ...common, bareUnit: null, min: '1ms' }),
    '0',
    { error: 'KEDA_HTTP_X: expected a duration of at least 1ms, got "0"' },
  ],
  // booleans
  ['true', boolean(common), 'true', { value: true }],
  ['false', boolean(common), 'false', { value: false }],
  ['Go’s TRUE spelling', boolean(common), 'TRUE', { value: true }],
  ['Go’s False spelling', boolean(common), 'False', { value: false }],
  ['an unset boolean as its default', boolean({ ...common, default: true }), undefined, { value: true }],
  ['1 as a boolean', boolean(common), '1', { error: 'KEDA_HTTP_X: expected true or false, got "1"' }],
  ['0 as a boolean', boolean(common), '0', { error: 'KEDA_HTTP_X: expected true or false, got "0"' }],
  ['yes as a boolean', boolean(common), 'yes', { error: 'KEDA_HTTP_X: expected true or false, got "yes"' }],
  [
    'tRuE as a boolean',
    boolean(common),
    'tRuE',
    { error: 'KEDA_HTTP_X: expected true or false, got "tRuE"' },
  ],
  // integers
  ['an integer', integer(common), '42', { value: 42 }],
  ['a negative integer', integer(common), '-3', { value: -3 }],
  ['an integer at the top of its range', integer({ ...common, min: 1, max: 10 }), '10', { value: 10 }],
  [
    'an integer above its range',
    integer({ ...common, min: 1, max: 10 }),
    '11',
    { error: 'KEDA_HTTP_X: expected an integer from 1 to 10, got "11"' },
  ],
  [
    'an integer below its minimum',
    integer({ ...common, min: 1 }),
    '0',
    { error: 'KEDA_HTTP_X: expected an integer of at least 1, got "0"' },
  ],
  [
    'an integer above its maximum',
    integer({ ...common, max: 5 }),
    '6',
    { error: 'KEDA_HTTP_X: expected an integer of at most 5, got "6"' },
  ],
  [
    'a decimal number as an integer',
    integer(common),
    '1.5',
    { error: 'KEDA_HTTP_X: expected an integer, got "1.5"' },
  ],
  ['hex as an integer', integer(common), '0x10', { error: 'KEDA_HTTP_X: expected an integer, got "0x10"' }],
  [
    'an integer beyond 2^53',
    integer(common),
    '9007199254740993',
    { error: 'KEDA_HTTP_X: expected an integer, got "9007199254740993"' },
  ],
  // ports
  ['a port', port(common), '8080', { value: 8080 }],
  ['port 0 (any free port)', port(common), '0', { value: 0 }],
  ['an unset port as its default', port({ ...common, default: 9090 }), undefined, { value: 9090 }],
  [
    'port 65536',
    port(common),
    '65536',
    { error: 'KEDA_HTTP_X: expected a port number from 0 to 65535, got "65536"' },
  ],
  [
    'a named port',
    port(common),
    'http',
    { error: 'KEDA_HTTP_X: expected a port number from 0 to 65535, got "http"' },
  ],
  // enums
  ['an allowed value', oneOf({ ...common, values: ['1.2', '1.3'] }), '1.3', { value: '1.3' }],
  [
    'an unset enum as its default',
    oneOf({ ...common, values: ['1.2', '1.3'], default: '1.2' }),
    undefined,
    { value: '1.2' },
  ],
  [
    'a value not in the set',
    oneOf({ ...common, values: ['1.2', '1.3'] }),
    '1.1',
    { error: 'KEDA_HTTP_X: expected one of 1.2, 1.3, got "1.1"' },
  ],
  // strings
  ['a string', string(common), 'keda', { value: 'keda' }],
  [
    'an empty string as its default',
    string({ ...common, default: '/certs/tls.crt' }),
    '',
    { value: '/certs/tls.crt' },
  ],
  [
    'a string that does not match its pattern',
    string({ ...common, pattern: { regex: /^[a-z0-9-]+$/, expected: 'a DNS label' } }),
    'Not_A_Label',
    { error: 'KEDA_HTTP_X: expected a DNS label, got "Not_A_Label"' },
  ],
  // URLs
  ['a URL', url(common), 'http://operator.keda:9090', { value: 'http://operator.keda:9090' }],
  [
    'a relative path as a URL',
    url(common),
    '/routing_table',
    { error: 'KEDA_HTTP_X: expected a URL like http://host:port, got "/routing_table"' },
  ],
  [
    'a URL with another scheme',
    url(common),
    'ftp://x',
    { error: 'KEDA_HTTP_X: expected a URL like http://host:port, got "ftp://x"' },
  ],
  [
    'a URL with an allowed other scheme',
    url({ ...common, protocols: ['grpc'] }),
    'grpc://x:1',
    { value: 'grpc://x:1' },
  ],
  // lists
  ['a list, trimmed, without empty items', list(common), ' a, b,,c ', { value: ['a', 'b', 'c'] }],
  [
    'an unset list as its default',
    list({ ...common, default: ['x', 'y'] }),
    undefined,
    { value: ['x', 'y'] },
  ],
  ['an unset list with an empty default', list({ ...common, default: [] }), undefined, { value: [] }],
  [
    'a list with an item not in the set',
    list({ ...common, values: ['X25519', 'P256'] }),
    'X25519,P999',
    { error: 'KEDA_HTTP_X: expected a comma-separated list of X25519, P256, got "X25519,P999"' },
  ],
  // custom
  [
    'a custom value',
    custom<number>({
      ...common,
      type: 'percentage',
      expected: 'a percentage like 50%',
      parse: (r) => (/^\d+%$/.test(r) ? parseInt(r, 10) / 100 : undefined),
    }),
    '25%',
    { value: 0.25 },
  ],
  [
    'a bad custom value',
    custom<number>({
      ...common,
      type: 'percentage',
      expected: 'a percentage like 50%',
      parse: () => undefined,
    }),
    'half',
    { error: 'KEDA_HTTP_X: expected a percentage like 50%, got "half"' },
  ],
  // required
  [
    'a required variable that is unset',
    string({ ...common, required: true }),
    undefined,
    { error: 'KEDA_HTTP_X: required, but not set' },
  ],
  [
    'a required variable that is empty',
    string({ ...common, required: true }),
    '',
    { error: 'KEDA_HTTP_X: required, but not set' },
  ],
];

describe('config field types', () => {
  it.each(cases)('reads %s', (_name, field, raw, expected) => {
    expect(read(field, raw)).toEqual(expected);
  });

  it('freezes list values', () => {
    const value = (read(list(common), 'a,b') as { value: string[] }).value;
    expect(Object.isFrozen(value)).toBe(true);
  });
});

describe('config field definitions', () => {
  it.each([
    ['a default that its own parser rejects', () => duration({ ...common, bareUnit: null, default: '5' })],
    ['a default outside its range', () => port({ ...common, default: 70_000 })],
    ['a default not among the values', () => oneOf({ ...common, values: ['a', 'b'], default: 'c' as 'a' })],
    ['a bad minimum', () => duration({ ...common, bareUnit: null, min: 'soon' })],
    ['a lower-case variable name', () => string({ ...common, env: 'keda_http_x' })],
    ['a required field with a default', () => port({ ...common, required: true, default: 80 })],
    ['an empty description', () => port({ ...common, description: ' ' })],
  ])('rejects %s when the schema is defined', (_name, define) => {
    expect(define).toThrow(ConfigDefinitionError);
  });
});
