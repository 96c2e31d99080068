// The proxy's Prometheus series (SPEC §4), labelled with route_name and route_namespace:
//   interceptor_request_count_total{code, method}   counter
//   interceptor_request_duration_seconds             histogram
//   interceptor_request_concurrency                  gauge (read from the queue counter at scrape time)
//
// prom-client's labels()/observe() hash the label set on every call; at >10k req/s that is the most expensive
// thing a request would do. So the hot path only bumps plain numbers in a per-route record (two Map probes,
// no allocation once a route/method/code combination was seen) and the series are rendered from those
// records when Prometheus scrapes, through metric objects the prom-client registry accepts.
import type { CountReader } from '@keda-http/queue';
import type { Metric, Registry } from 'prom-client';

export const REQUEST_COUNT = 'interceptor_request_count_total';
export const REQUEST_DURATION = 'interceptor_request_duration_seconds';
export const REQUEST_CONCURRENCY = 'interceptor_request_concurrency';

/** prom-client's default buckets, in seconds. */
export const DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface RouteSeries {
  readonly name: string;
  readonly namespace: string;
  /** method → code → count */
  readonly counts: Map<string, Map<number, { n: number }>>;
  /** Non-cumulative bucket counts; the last slot is +Inf. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

export interface ProxyMetrics {
  /** Records one finished request. `key` is the route's `namespace/name`, or '' when nothing matched. */
  record(key: string, method: string, code: number, seconds: number): void;
  /** Drops the series of routes that are no longer in the table. */
  retainRoutes(keys: ReadonlySet<string>): void;
  /** Registers the three series on `registry`. */
  register(registry: Registry): void;
}

export function createProxyMetrics(concurrency: CountReader): ProxyMetrics {
  const series = new Map<string, RouteSeries>();

  const seriesOf = (key: string): RouteSeries => {
    let s = series.get(key);
    if (s === undefined) {
      const slash = key.indexOf('/');
      s = {
        namespace: slash === -1 ? '' : key.slice(0, slash),
        name: slash === -1 ? key : key.slice(slash + 1),
        counts: new Map(),
        buckets: new Float64Array(DURATION_BUCKETS.length + 1),
        sum: 0,
        count: 0,
      };
      series.set(key, s);
    }
    return s;
  };

  const record: ProxyMetrics['record'] = (key, method, code, seconds) => {
    const s = seriesOf(key);
    let byCode = s.counts.get(method);
    if (byCode === undefined) s.counts.set(method, (byCode = new Map<number, { n: number }>()));
    const cell = byCode.get(code);
    if (cell === undefined) byCode.set(code, { n: 1 });
    else cell.n++;
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[i] as number)) i++;
    s.buckets[i] = (s.buckets[i] ?? 0) + 1;
    s.sum += seconds;
    s.count++;
  };

  const routeLabels = (s: RouteSeries) => ({ route_name: s.name, route_namespace: s.namespace });

  const countMetric = metricObject(
    REQUEST_COUNT,
    'Requests proxied, by route, status code and method.',
    'counter',
    () => {
      const values = [];
      for (const s of series.values()) {
        for (const [method, byCode] of s.counts) {
          for (const [code, cell] of byCode) {
            values.push({ value: cell.n, labels: { ...routeLabels(s), code: String(code), method } });
          }
        }
      }
      return values;
    },
  );

  const durationMetric = metricObject(
    REQUEST_DURATION,
    'Time from the arrival of a request to the end of its response, by route.',
    'histogram',
    () => {
      const values = [];
      for (const s of series.values()) {
        const labels = routeLabels(s);
        let cumulative = 0;
        for (let i = 0; i <= DURATION_BUCKETS.length; i++) {
          cumulative += s.buckets[i] as number;
          const le = i < DURATION_BUCKETS.length ? String(DURATION_BUCKETS[i]) : '+Inf';
          values.push({
            metricName: `${REQUEST_DURATION}_bucket`,
            value: cumulative,
            labels: { ...labels, le },
          });
        }
        values.push({ metricName: `${REQUEST_DURATION}_sum`, value: s.sum, labels });
        values.push({ metricName: `${REQUEST_DURATION}_count`, value: s.count, labels });
      }
      return values;
    },
  );

  const concurrencyMetric = metricObject(
    REQUEST_CONCURRENCY,
    'Requests in flight, by route (the same numbers /queue reports as Concurrency).',
    'gauge',
    () =>
      Object.entries(concurrency.snapshot()).map(([key, r]) => {
        const slash = key.indexOf('/');
        return {
          value: r.Concurrency,
          labels: { route_name: key.slice(slash + 1), route_namespace: key.slice(0, slash) },
        };
      }),
  );

  return {
    record,
    retainRoutes(keys) {
      for (const key of series.keys()) if (key !== '' && !keys.has(key)) series.delete(key);
    },
    register(registry) {
      for (const m of [countMetric, durationMetric, concurrencyMetric]) registry.registerMetric(m);
    },
  };
}

interface MetricSample {
  value: number;
  labels: Record<string, string>;
  metricName?: string;
}

/** A metric object in the shape prom-client's Registry renders: its values are computed at scrape time. */
function metricObject(
  name: string,
  help: string,
  type: 'counter' | 'gauge' | 'histogram',
  values: () => MetricSample[],
): Metric {
  const object = {
    name,
    help,
    type,
    aggregator: 'sum',
    collect: () => undefined,
    get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
    reset: () => undefined,
  };
  return object as unknown as Metric;
}
