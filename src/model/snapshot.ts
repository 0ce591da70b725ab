import type {ConfigMap, EndpointSlice, Ingress, IngressClass, KubeObject, Secret, Service} from './objects.js'
import type {SourceRef} from './source.js'

export const KINDS = ['Ingress', 'IngressClass', 'Service', 'EndpointSlice', 'Secret', 'ConfigMap'] as const
export type Kind = (typeof KINDS)[number]

/** One Kubernetes object as read from a source, with where it came from. */
export interface Entry<T extends KubeObject = KubeObject> {
  readonly kind: Kind
  /** metadata.namespace, or the default namespace of the source ('default' for files) when absent. Empty for cluster-scoped kinds (IngressClass). */
  readonly namespace: string
  readonly name: string
  readonly object: T
  readonly source: SourceRef
}

/**
 * A plain, immutable set of Kubernetes objects: what a source (files, a cluster
 * watch) produced at one moment. The compiler's only input.
 */
export interface Snapshot {
  readonly ingresses: ReadonlyArray<Entry<Ingress>>
  readonly ingressClasses: ReadonlyArray<Entry<IngressClass>>
  readonly services: ReadonlyArray<Entry<Service>>
  readonly endpointSlices: ReadonlyArray<Entry<EndpointSlice>>
  readonly secrets: ReadonlyArray<Entry<Secret>>
  /** ConfigMaps read (from files: every one; from a cluster: the ingress-nginx controller's), for the controller settings; absent: none. */
  readonly configMaps?: ReadonlyArray<Entry<ConfigMap>>
}

export function emptySnapshot(): Snapshot {
  return {ingresses: [], ingressClasses: [], services: [], endpointSlices: [], secrets: [], configMaps: []}
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(e: {namespace: string; name: string}): string {
  return e.namespace ? `${e.namespace}/${e.name}` : e.name
}
