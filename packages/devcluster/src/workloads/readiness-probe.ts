// Readiness of one running container, as the kubelet's prober decides it: from the container's
// `readinessProbe` (httpGet: 200–399 is success; tcpSocket: the port accepts), after `initialDelaySeconds`,
// every `periodSeconds` (capped devcluster-wide so tests are fast), ready after `successThreshold`
// consecutive successes and unready after `failureThreshold` consecutive failures. Without a probe the
// container is ready once its first port accepts connections (at once if it declares none). `grpc` probes are
// checked as tcpSocket on their port; `exec` probes always succeed (there is no image to run them in).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isJsonObject, type JsonObject } from '../api/types.js';

export interface ReadinessOptions {
  readonly container: JsonObject;
  readonly podIp: string;
  /** Upper bound on periodSeconds, in ms. */
  readonly periodCapMs: number;
  readonly onChange: (ready: boolean) => void;
}

export interface Readiness {
  readonly ready: boolean;
  stop(): void;
}

type Check = (timeoutMs: number) => Promise<boolean>;

const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** A probe port by number or by the name of one of the container's ports. */
export function resolvePort(container: JsonObject, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const ports = Array.isArray(container['ports']) ? container['ports'].filter(isJsonObject) : [];
  const found = ports.find((p) => p['name'] === port)?.['containerPort'];
  return typeof found === 'number' ? found : undefined;
}

function tcpCheck(host: string, port: number): Check {
  return (timeoutMs) =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
}

function httpCheck(host: string, port: number, get: JsonObject): Check {
  const secure = get['scheme'] === 'HTTPS';
  const headers: Record<string, string> = {};
  for (const h of Array.isArray(get['httpHeaders']) ? get['httpHeaders'].filter(isJsonObject) : []) {
    if (typeof h['name'] === 'string') headers[h['name']] = typeof h['value'] === 'string' ? h['value'] : '';
  }
  const path = typeof get['path'] === 'string' && get['path'] !== '' ? get['path'] : '/';
  return (timeoutMs) =>
    new Promise((resolve) => {
      const req = (secure ? https : http).get(
        {
          host,
          port,
          path,
          headers: { 'user-agent': 'kube-probe/1.32', ...headers },
          rejectUnauthorized: false,
          agent: false,
        },
        (res) => {
          res.resume();
          const code = res.statusCode ?? 0;
          resolve(code >= 200 && code < 400);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy());
      req.once('error', () => resolve(false));
    });
}

function checkOf(container: JsonObject, probe: JsonObject, podIp: string): Check {
  const failing: Check = async () => false;
  if (isJsonObject(probe['httpGet'])) {
    const get = probe['httpGet'];
    const port = resolvePort(container, get['port']);
    const host = typeof get['host'] === 'string' && get['host'] !== '' ? get['host'] : podIp;
    return port === undefined ? failing : httpCheck(host, port, get);
  }
  const socket = isJsonObject(probe['tcpSocket'])
    ? probe['tcpSocket']
    : isJsonObject(probe['grpc'])
      ? probe['grpc']
      : undefined;
  if (socket !== undefined) {
    const port = resolvePort(container, socket['port']);
    const host = typeof socket['host'] === 'string' && socket['host'] !== '' ? socket['host'] : podIp;
    return port === undefined ? failing : tcpCheck(host, port);
  }
  return async () => true; // exec
}

export function startReadiness(options: ReadinessOptions): Readiness {
  const { container, podIp } = options;
  let ready = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const set = (value: boolean): void => {
    if (value === ready || stopped) return;
    ready = value;
    options.onChange(value);
  };
  const later = (ms: number, fn: () => void): void => {
    if (!stopped) timer = setTimeout(fn, ms);
  };

  const probe = container['readinessProbe'];
  if (isJsonObject(probe)) {
    const check = checkOf(container, probe, podIp);
    const period = Math.min(num(probe['periodSeconds'], 10) * 1000, options.periodCapMs);
    const timeoutMs = num(probe['timeoutSeconds'], 1) * 1000;
    const successThreshold = Math.max(1, num(probe['successThreshold'], 1));
    const failureThreshold = Math.max(1, num(probe['failureThreshold'], 3));
    let successes = 0;
    let failures = 0;
    const run = (): void => {
      void check(timeoutMs).then((ok) => {
        if (stopped) return;
        successes = ok ? successes + 1 : 0;
        failures = ok ? 0 : failures + 1;
        if (ok && successes >= successThreshold) set(true);
        if (!ok && failures >= failureThreshold) set(false);
        later(period, run);
      });
    };
    later(num(probe['initialDelaySeconds'], 0) * 1000, run);
  } else {
    const port = resolvePort(
      container,
      Array.isArray(container['ports'])
        ? container['ports'].filter(isJsonObject)[0]?.['containerPort']
        : undefined,
    );
    if (port === undefined) set(true);
    else {
      const check = tcpCheck(podIp, port);
      const pollMs = Math.min(50, options.periodCapMs);
      const run = (): void => {
        void check(1000).then((ok) => {
          if (ok) set(true);
          else later(pollMs, run);
        });
      };
      run();
    }
  }
  return {
    get ready() {
      return ready;
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
