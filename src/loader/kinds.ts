import type {Kind} from '../model/snapshot.js'

/**
 * The kinds ingressctl keeps, and the apiVersions each is read in. Ingress keeps
 * its removed beta versions as written: lint flags them and the compiler
 * converts them (served until Kubernetes 1.22). Any other kind, or a kept kind
 * of another group (a CRD that happens to be called `Ingress`), is skipped.
 */
export const API_VERSIONS: Readonly<Record<Kind, readonly string[]>> = {
  Ingress: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1'],
  IngressClass: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
  Service: ['v1'],
  EndpointSlice: ['discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1'],
  Secret: ['v1'],
  ConfigMap: ['v1'],
}

/** Cluster-scoped kinds: their Entry.namespace is ''. */
export const CLUSTER_SCOPED: ReadonlySet<Kind> = new Set<Kind>(['IngressClass'])

export function keptKind(kind: unknown): Kind | undefined {
  return typeof kind === 'string' && Object.hasOwn(API_VERSIONS, kind) ? (kind as Kind) : undefined
}

/** `kind: List` (kubectl get -o yaml) and typed lists (`IngressList`, `ServiceList`...) carry `items`. */
export function isListKind(kind: unknown): kind is string {
  return typeof kind === 'string' && kind.endsWith('List') && kind.length >= 4
}
