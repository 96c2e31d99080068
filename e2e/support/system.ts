// The whole system for one e2e file: devcluster (the built CLI, with the image map), the add-on installed
// from config/ with the real kubectl and running as pods, and the clients a scenario drives it with. One
// system is shared by the scenarios of a file; each scenario gets a fresh namespace, and its hosts carry
// the namespace's name, so nothing a scenario leaves behind can answer another's requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKubectl, type KubectlRunner } from '@keda-http/devcluster/testing';
import { waitFor } from '@keda-http/testkit';
import { ADD_ON_NAMESPACE, installAddOn, kubectlOk, SERVICES, waitForAddOn } from './add-on.js';
import { startDevclusterProcess, type DevclusterProcess } from './devcluster-process.js';
import { createHttpClient, type HttpClient, type HttpOutcome, type SendOptions } from './http-client.js';
import { createKubeReader, type KubeReader } from './kube-reader.js';
import { namespaceManifest, toYaml, type Manifest } from './manifests.js';
import { processesMentioning, type FoundProcess } from './processes.js';
import { createTimelineReader, entries, type TimelineReader } from './timeline.js';

export interface System {
  readonly cluster: DevclusterProcess;
  readonly kubectl: KubectlRunner;
  readonly kube: KubeReader;
  readonly timeline: TimelineReader;
  readonly http: HttpClient;
  /** A request through the interceptor proxy (a ready endpoint of keda-add-ons-http-interceptor-proxy). */
  send(o: SendOptions): Promise<HttpOutcome>;
  /** `http://address:port` of a ready endpoint of one of the add-on's Services, by port name. */
  endpointUrl(service: string, portName: string): Promise<string>;
  /** GET on the interceptor's admin server (a path like `/queue`), parsed as JSON. */
  interceptorAdmin<T>(path: string): Promise<T>;
  /** Creates a fresh namespace `<prefix>-<n>` and returns its name. */
  namespace(prefix: string): Promise<string>;
  /** `kubectl apply -f -` of the objects; throws with kubectl's output when it fails. */
  apply(objects: readonly Manifest[]): Promise<string>;
  /** Waits until the interceptor's routing table has the route `namespace/name`. */
  waitForRoute(key: string): Promise<void>;
  /**
   * Waits until KEDA's emulation holds a StreamIsActive stream open for the ScaledObject, so that the first
   * request is pushed at once; returns the timeline's sequence number at that moment.
   */
  waitForStream(scaledObject: string): Promise<number>;
  /** Every live process of this system (devcluster, pods, kubectl runs). */
  processes(): FoundProcess[];
  /** Stops everything and removes the temporary directory; returns the processes still alive after it. */
  stop(): Promise<FoundProcess[]>;
}

export interface SystemOptions {
  /** Image map (default config/devcluster/images.yaml). */
  readonly images?: string;
  /** HPA sync period (default `1s`). */
  readonly hpaSyncPeriod?: string;
  /** Upper bound on readiness probe periods (default `500ms`). */
  readonly probePeriodCap?: string;
}

/** A pod IP range of its own (127.x.y.2 upwards), so several systems on one machine never meet. */
export const privatePodIpStart = (): string =>
  `127.${20 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.2`;

export async function startSystem(o: SystemOptions = {}): Promise<System> {
  const dir = mkdtempSync(join(tmpdir(), 'keda-http-e2e-'));
  const cluster = await startDevclusterProcess({
    dir,
    hpaSyncPeriod: o.hpaSyncPeriod ?? '1s',
    probePeriodCap: o.probePeriodCap ?? '500ms',
    podIpStart: privatePodIpStart(),
    ...(o.images !== undefined ? { images: o.images } : {}),
  });
  const kubectl = createKubectl({ kubeconfig: cluster.kubeconfig });
  const kube = createKubeReader(cluster.url);
  const timeline = createTimelineReader(cluster.url);
  const http = createHttpClient();
  let namespaces = 0;

  const endpointUrl = async (service: string, portName: string): Promise<string> => {
    const ready = await waitFor(`a ready endpoint of ${service} (${portName})`, async () => {
      const found = await kube.readyEndpoints(ADD_ON_NAMESPACE, service, portName);
      return found[0];
    });
    return `http://${ready}`;
  };
  const interceptorAdmin = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${await endpointUrl(SERVICES.interceptorAdmin, 'admin')}${path}`);
    if (!res.ok) throw new Error(`interceptor admin ${path}: ${res.status}`);
    return (await res.json()) as T;
  };

  const system: System = {
    cluster,
    kubectl,
    kube,
    timeline,
    http,
    endpointUrl,
    interceptorAdmin,
    send: async (req) => http.send(await endpointUrl(SERVICES.proxy, 'proxy'), req),
    async namespace(prefix) {
      const name = `${prefix}-${++namespaces}`;
      await system.apply([namespaceManifest(name)]);
      return name;
    },
    apply: (objects) => kubectlOk(kubectl, ['apply', '-f', '-'], toYaml(objects)),
    async waitForRoute(key) {
      await waitFor(`route ${key} in the interceptor's routing table`, async () => {
        const table = await interceptorAdmin<{ routes: { key: string }[] }>('/routing_table');
        return table.routes.some((r) => r.key === key);
      });
    },
    async waitForStream(scaledObject) {
      await timeline.waitFor(`StreamIsActive for ${scaledObject}`, entries.streamOpen(scaledObject));
      return timeline.lastSeq();
    },
    processes: () => processesMentioning(cluster.kubeconfig),
    async stop() {
      await http.close();
      await cluster.stop();
      kubectl.dispose();
      const left = processesMentioning(cluster.kubeconfig);
      // E2E_KEEP_LOGS=1 keeps every pod's output (<dir>/logs) for a look after a failure.
      if (process.env['E2E_KEEP_LOGS'] === '1') process.stderr.write(`e2e: pod logs kept in ${dir}/logs\n`);
      else rmSync(dir, { recursive: true, force: true });
      return left;
    },
  };
  try {
    await installAddOn(kubectl);
    await waitForAddOn(kubectl);
  } catch (err) {
    await system.stop();
    throw err;
  }
  return system;
}
