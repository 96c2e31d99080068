// The defaults the API server fills into a PodSpec (in a Pod and in workload templates), so that what a
// client reads back looks like what a real cluster shows.
import { isJsonObject, type JsonObject } from '../api/types.js';

function setIfAbsent(o: JsonObject, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

function eachObject(list: unknown, fn: (o: JsonObject) => void): void {
  if (Array.isArray(list)) for (const item of list) if (isJsonObject(item)) fn(item);
}

/** `Always` for `:latest` or untagged images, `IfNotPresent` otherwise. */
export function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isJsonObject(probe)) return;
  setIfAbsent(probe, 'timeoutSeconds', 1);
  setIfAbsent(probe, 'periodSeconds', 10);
  setIfAbsent(probe, 'successThreshold', 1);
  setIfAbsent(probe, 'failureThreshold', 3);
  if (isJsonObject(probe['httpGet'])) setIfAbsent(probe['httpGet'], 'scheme', 'HTTP');
}

function defaultContainer(c: JsonObject): void {
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  setIfAbsent(c, 'imagePullPolicy', defaultPullPolicy(c['image']));
  setIfAbsent(c, 'resources', {});
  eachObject(c['ports'], (p) => setIfAbsent(p, 'protocol', 'TCP'));
  eachObject(c['env'], (e) => {
    const from = e['valueFrom'];
    if (isJsonObject(from) && isJsonObject(from['fieldRef']))
      setIfAbsent(from['fieldRef'], 'apiVersion', 'v1');
  });
  defaultProbe(c['readinessProbe']);
  defaultProbe(c['livenessProbe']);
  defaultProbe(c['startupProbe']);
}

/** Fills the PodSpec defaults in place. `forPod` adds the ones only a Pod (not a template) gets. */
export function defaultPodSpec(spec: JsonObject, forPod: boolean): void {
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  eachObject(spec['containers'], defaultContainer);
  eachObject(spec['initContainers'], defaultContainer);
  eachObject(spec['volumes'], (v) => {
    for (const key of ['configMap', 'secret']) {
      const source = v[key];
      if (isJsonObject(source)) setIfAbsent(source, 'defaultMode', 420);
    }
  });
  if (forPod) {
    setIfAbsent(spec, 'enableServiceLinks', true);
    setIfAbsent(spec, 'priority', 0);
    setIfAbsent(spec, 'preemptionPolicy', 'PreemptLowerPriority');
    setIfAbsent(spec, 'serviceAccountName', 'default');
    setIfAbsent(spec, 'serviceAccount', spec['serviceAccountName']);
  }
}

/** Defaults the pod template of a workload spec (`spec.template.spec`), if there is one. */
export function defaultTemplate(workloadSpec: JsonObject): void {
  const template = workloadSpec['template'];
  if (!isJsonObject(template)) return;
  if (!isJsonObject(template['metadata'])) template['metadata'] = {};
  if (isJsonObject(template['spec'])) defaultPodSpec(template['spec'], false);
}
