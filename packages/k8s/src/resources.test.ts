import { describe, expect, it } from 'vitest';
import {
  apiVersionOf,
  builtinResources,
  collectionPath,
  objectPath,
  type ResourceType,
} from './resources.js';

const httpso: ResourceType = {
  group: 'http.keda.sh',
  version: 'v1alpha1',
  plural: 'httpscaledobjects',
  kind: 'HTTPScaledObject',
  namespaced: true,
};

describe('resource paths', () => {
  it.each([
    [
      'a core collection in a namespace',
      collectionPath(builtinResources.services, 'keda'),
      '/api/v1/namespaces/keda/services',
    ],
    ['a core collection across namespaces', collectionPath(builtinResources.services), '/api/v1/services'],
    [
      'a cluster-scoped collection ignores the namespace',
      collectionPath(builtinResources.namespaces, 'x'),
      '/api/v1/namespaces',
    ],
    [
      'a grouped collection',
      collectionPath(httpso, 'app'),
      '/apis/http.keda.sh/v1alpha1/namespaces/app/httpscaledobjects',
    ],
    [
      'an object',
      objectPath(httpso, 'web', 'app'),
      '/apis/http.keda.sh/v1alpha1/namespaces/app/httpscaledobjects/web',
    ],
    [
      'a subresource',
      objectPath(builtinResources.deployments, 'web', 'app', 'scale'),
      '/apis/apps/v1/namespaces/app/deployments/web/scale',
    ],
    [
      'an escaped name',
      objectPath(builtinResources.configMaps, 'a b', 'x'),
      '/api/v1/namespaces/x/configmaps/a%20b',
    ],
  ])('builds %s', (_case, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('refuses a namespaced object path without a namespace', () => {
    expect(() => objectPath(httpso, 'web')).toThrow(/HTTPScaledObject web: a namespace is required/);
  });

  it('writes apiVersion with and without a group', () => {
    expect(apiVersionOf(builtinResources.pods)).toBe('v1');
    expect(apiVersionOf(httpso)).toBe('http.keda.sh/v1alpha1');
  });
});
