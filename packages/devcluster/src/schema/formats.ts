// The string formats a CRD schema may use and that the API server checks (apiextensions-apiserver
// validation/formats.go lists them; names are compared without dashes, so "date-time" is "datetime").
// Any other format is ignored, as the server strips unsupported formats before validating.
import { isIP } from 'node:net';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const UNIT_DURATION =
  /^\s*\d+\s*(ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?)\s*$/i;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(\d+(\.\d*)?|\.\d+)))?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validDate(year: string, month: string, day: string): boolean {
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    d.getUTCFullYear() === Number(year) &&
    d.getUTCMonth() === Number(month) - 1 &&
    d.getUTCDate() === Number(day)
  );
}

function cidr(text: string): boolean {
  const [ip, bits, ...rest] = text.split('/');
  if (rest.length > 0 || ip === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

const CHECKS: Record<string, (text: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: (s) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(s) || /^\/\S*$/.test(s),
  email: (s) => /^[^\s@<>]+@[^\s@<>]+$/.test(s),
  hostname: (s) =>
    s.length <= 253 &&
    /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*\.?$/.test(
      s,
    ),
  ipv4: (s) => isIP(s) === 4,
  ipv6: (s) => isIP(s) === 6,
  cidr,
  mac: (s) =>
    /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(s) || /^([0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}$/.test(s),
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID.test(s) && /^[0-9a-f]{8}-?[0-9a-f]{4}-?3/i.test(s),
  uuid4: (s) => UUID.test(s) && /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab]/i.test(s),
  uuid5: (s) => UUID.test(s) && /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab]/i.test(s),
  isbn: (s) => /^(\d{9}[\dXx]|\d{13})$/.test(s.replace(/[\s-]/g, '')),
  isbn10: (s) => /^\d{9}[\dXx]$/.test(s.replace(/[\s-]/g, '')),
  isbn13: (s) => /^\d{13}$/.test(s.replace(/[\s-]/g, '')),
  creditcard: (s) => /^\d{12,19}$/.test(s.replace(/\D/g, '')),
  ssn: (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/.test(s),
  byte: (s) => BASE64.test(s),
  password: () => true,
  date: (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m !== null && validDate(m[1] as string, m[2] as string, m[3] as string);
  },
  duration: (s) => GO_DURATION.test(s) || UNIT_DURATION.test(s),
  datetime: (s) => {
    const m = DATE_TIME.exec(s);
    return m !== null && validDate(m[1] as string, m[2] as string, m[3] as string) && Number(m[4]) < 24;
  },
  quantity: (s) => QUANTITY.test(s),
};

/** The checker for a string format the server validates, or undefined when the server ignores the format. */
export function stringFormatCheck(format: string): ((text: string) => boolean) | undefined {
  const normalized = format.replaceAll('-', '');
  return Object.hasOwn(CHECKS, normalized) ? CHECKS[normalized] : undefined;
}

/** The numeric formats whose range the server checks ("int32", "float"); "int64" and "double" need no check. */
export function numberFormatLimit(type: string | undefined, format: string | undefined): number | undefined {
  if (type === 'integer' && format === 'int32') return 2 ** 31;
  if (type === 'number' && format === 'float') return 3.4028234663852886e38;
  return undefined;
}
