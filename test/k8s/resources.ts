/**
 * The resource kinds the API server double serves, with the names the real
 * discovery documents use (`kubectl api-resources`).
 */

export interface ResourceInfo {
  /** Plural resource name used in URLs: `ingresses`. */
  resource: string
  singular: string
  kind: string
  /** API group; '' for the core group. */
  group: string
  version: string
  namespaced: boolean
  shortNames?: string[]
  /** Whether the resource has a `status` subresource (main-resource writes keep the stored status). */
  hasStatus: boolean
  /**
   * DELETE answers with the deleted object (registry `ReturnDeletedObject: true`:
   * pods, services, namespaces) instead of a Status with details.
   */
  returnsDeletedObject?: boolean
}

export const RESOURCES: readonly ResourceInfo[] = [
  {resource: 'namespaces', singular: 'namespace', kind: 'Namespace', group: '', version: 'v1', namespaced: false, shortNames: ['ns'], hasStatus: true, returnsDeletedObject: true},
  {resource: 'pods', singular: 'pod', kind: 'Pod', group: '', version: 'v1', namespaced: true, shortNames: ['po'], hasStatus: true, returnsDeletedObject: true},
  {resource: 'secrets', singular: 'secret', kind: 'Secret', group: '', version: 'v1', namespaced: true, hasStatus: false},
  {resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', group: '', version: 'v1', namespaced: true, shortNames: ['cm'], hasStatus: false},
  {resource: 'services', singular: 'service', kind: 'Service', group: '', version: 'v1', namespaced: true, shortNames: ['svc'], hasStatus: true, returnsDeletedObject: true},
  {resource: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', namespaced: true, hasStatus: false},
  {resource: 'ingressclasses', singular: 'ingressclass', kind: 'IngressClass', group: 'networking.k8s.io', version: 'v1', namespaced: false, hasStatus: false},
  {resource: 'ingresses', singular: 'ingress', kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', namespaced: true, shortNames: ['ing'], hasStatus: true},
]

export function apiVersionOf(info: ResourceInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`
}

/** `ingresses.networking.k8s.io`, or `services` for the core group: how error messages name a resource. */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group === '' ? info.resource : `${info.resource}.${info.group}`
}

export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource)
}

export function resourceForKind(apiVersion: string | undefined, kind: string | undefined): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind && (apiVersion === undefined || apiVersionOf(r) === apiVersion))
}

export function resourceByName(resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.resource === resource)
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

function groupVersions(): Array<{group: string; version: string}> {
  const seen = new Map<string, {group: string; version: string}>()
  for (const r of RESOURCES) if (r.group !== '') seen.set(`${r.group}/${r.version}`, {group: r.group, version: r.version})
  return [...seen.values()]
}

/** GET /api */
export function coreApiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}],
  }
}

/** GET /apis */
export function apiGroupList(): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupVersions().map((gv) => apiGroup(gv.group)),
  }
}

/** GET /apis/GROUP */
export function apiGroup(group: string): unknown {
  const versions = groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({groupVersion: `${gv.group}/${gv.version}`, version: gv.version}))
  if (versions.length === 0) return undefined
  return {kind: 'APIGroup', apiVersion: 'v1', name: group, versions, preferredVersion: versions[0]}
}

/** GET /api/v1 or /apis/GROUP/VERSION */
export function apiResourceList(group: string, version: string): unknown {
  const infos = RESOURCES.filter((r) => r.group === group && r.version === version)
  if (infos.length === 0) return undefined
  const resources: unknown[] = []
  for (const r of infos) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
      ...(r.shortNames ? {shortNames: r.shortNames} : {}),
    })
    if (r.hasStatus) {
      resources.push({name: `${r.resource}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update']})
    }
    if (r.resource === 'pods') {
      resources.push({name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get']})
    }
  }
  return {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources}
}
