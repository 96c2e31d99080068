// The metric names KEDA sees (SPEC §5). KEDA turns each into an HPA external metric, so they must be exactly
// upstream's: a renamed metric orphans the HPA's existing metric and breaks scaling for running apps.

/** `http_<name>_concurrency`: an InterceptorRoute's concurrency metric (the name only, not the namespace). */
export function concurrencyMetricName(routeName: string): string {
  return `http_${routeName}_concurrency`;
}

/** `http_<name>_rate`: an InterceptorRoute's request-rate metric. */
export function rateMetricName(routeName: string): string {
  return `http_${routeName}_rate`;
}

/**
 * `http-<namespace>_002F<name>`: an HTTPScaledObject's metric, and the interceptor's own ScaledObject's (named
 * after the ScaledObject). Every byte of `http-<namespace>/<name>` outside `[-.0-9A-Za-z]` becomes `_%04X`
 * (underscore, then the byte in upper-case hex, zero-padded to 4 digits), so `/` becomes `_002F`.
 * Kubernetes names are ASCII, where bytes and characters agree.
 */
export function httpScaledObjectMetricName(namespace: string, name: string): string {
  return escapeMetricName(`http-${namespace}/${name}`);
}

const SAFE_BYTE = /^[-.0-9A-Za-z]$/;

export function escapeMetricName(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && SAFE_BYTE.test(ch) ? ch : `_${byte.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}
