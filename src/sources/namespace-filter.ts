import type {Snapshot} from '../model/snapshot.js'

/**
 * -n NAMESPACE selects objects read from manifests as it selects a cluster's:
 * namespaced objects of other namespaces are left out; IngressClasses
 * (cluster-scoped) stay. -A, or no -n, keeps everything.
 */
export function inNamespace(snapshot: Snapshot, o: {readonly namespace?: string; readonly allNamespaces?: boolean}): Snapshot {
  const ns = o.allNamespaces ? undefined : o.namespace
  if (ns === undefined) return snapshot
  return {
    ...snapshot,
    ingresses: snapshot.ingresses.filter((e) => e.namespace === ns),
    services: snapshot.services.filter((e) => e.namespace === ns),
    endpointSlices: snapshot.endpointSlices.filter((e) => e.namespace === ns),
    secrets: snapshot.secrets.filter((e) => e.namespace === ns),
  }
}
