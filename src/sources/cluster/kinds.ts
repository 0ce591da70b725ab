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
