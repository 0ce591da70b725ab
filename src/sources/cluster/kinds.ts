import {CONTROLLER_LABELS, DEFAULT_CONTROLLER_CONFIG} from '../../compiler/nginx/configmap.js'
import type {Kind} from '../../model/snapshot.js'

/** One kind ingressctl watches, with the names the API server uses for it. */
export interface WatchedKind {
  readonly kind: Kind
  /** API group; '' for the core group. */
  readonly group: string
  readonly version: string
  /** Plural resource name used in URLs and RBAC rules. */
  readonly resource: string
  readonly namespaced: boolean
  /** Server-side field selector (only TLS Secrets are read: `type=kubernetes.io/tls`). */
  readonly fieldSelector?: string
  /** What ingressctl does without this kind, for the missing-permission hint. */
  readonly without: string
  /** Watched in this namespace whatever the source's namespace (the controller ConfigMap's). */
  readonly namespace?: string
  /** Watched in every namespace whatever the source's namespace (the controller ConfigMap by labels). */
  readonly everyNamespace?: boolean
  /** Server-side label selector. */
  readonly labelSelector?: string
  /** Optional: a cluster that cannot serve it is not an error (an info diagnostic; the defaults apply). */
  readonly optional?: boolean
}

export const WATCHED_KINDS: readonly WatchedKind[] = [
  {kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespaced: true, without: 'no routes can be read'},
  {
    kind: 'IngressClass',
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingressclasses',
    namespaced: false,
    without: 'ingressClassName and the default IngressClass cannot be checked; Ingresses are selected by --ingress-class alone',
  },
  {kind: 'Service', group: '', version: 'v1', resource: 'services', namespaced: true, without: 'Service ports cannot be resolved (only numbered backend ports work, named ports stay unresolved)'},
  {
    kind: 'EndpointSlice',
    group: 'discovery.k8s.io',
    version: 'v1',
    resource: 'endpointslices',
    namespaced: true,
    without: 'no pod can be reached except through --map overrides',
  },
  {
    kind: 'Secret',
    group: '',
    version: 'v1',
    resource: 'secrets',
    namespaced: true,
    fieldSelector: 'type=kubernetes.io/tls',
    without: 'hosts with spec.tls get self-signed certificates from the local development CA',
  },
]

/**
 * The watches that find the ingress-nginx controller ConfigMap (see
 * src/compiler/nginx/configmap.ts): the one --controller-config names; else the
 * chart's `ingress-nginx/ingress-nginx-controller` and, in every namespace,
 * those labelled as the chart labels it. Only these ConfigMaps are read.
 */
export function controllerConfigKinds(named: {namespace: string; name: string} | undefined): WatchedKind[] {
  const base = {kind: 'ConfigMap', group: '', version: 'v1', resource: 'configmaps', namespaced: true, optional: true} as const
  const without = "the ingress-nginx controller's defaults apply instead of its ConfigMap"
  if (named) return [{...base, namespace: named.namespace, fieldSelector: `metadata.name=${named.name}`, without}]
  return [
    {...base, namespace: DEFAULT_CONTROLLER_CONFIG.namespace, fieldSelector: `metadata.name=${DEFAULT_CONTROLLER_CONFIG.name}`, without},
    {...base, everyNamespace: true, labelSelector: Object.entries(CONTROLLER_LABELS).map(([k, v]) => `${k}=${v}`).join(','), without},
  ]
}

export function apiVersionOf(k: WatchedKind): string {
  return k.group === '' ? k.version : `${k.group}/${k.version}`
}

/** `/apis/networking.k8s.io/v1/namespaces/shop/ingresses`, or without the namespace for every namespace / cluster-scoped kinds. */
export function collectionPath(k: WatchedKind, namespace: string | undefined): string {
  const base = k.group === '' ? `/api/${k.version}` : `/apis/${k.group}/${k.version}`
  return k.namespaced && namespace !== undefined ? `${base}/namespaces/${encodeURIComponent(namespace)}/${k.resource}` : `${base}/${k.resource}`
}

/** `secrets`, `ingresses.networking.k8s.io`: how kubectl names a resource. */
export function qualifiedResource(k: WatchedKind): string {
  return k.group === '' ? k.resource : `${k.resource}.${k.group}`
}
