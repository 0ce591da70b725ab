import {IngressctlError} from '../errors.js'
import type {ServiceBackend} from '../model/routes.js'
import type {Snapshot} from '../model/snapshot.js'
import type {Resolution, UpstreamResolver} from '../model/upstreams.js'
import type {SnapshotSource} from '../sources/types.js'
import {createFileResolver, parseMapFlags} from '../upstreams/file/index.js'

export type UpstreamMode = 'auto' | 'direct' | 'port-forward'

/** Where backends' traffic goes: one resolver per snapshot, swapped with the table compiled from it. */
export interface UpstreamProvider {
  /** For the banner: `files`, `direct`, `port-forward`. */
  readonly mode: string
  resolverFor(snapshot: Snapshot): UpstreamResolver
  close(): Promise<void>
}

export interface UpstreamProviderOptions {
  readonly cluster: boolean
  readonly source: SnapshotSource
  readonly maps: readonly string[]
  readonly echo: boolean
  readonly upstream: UpstreamMode
}

/** File mode: --map, EndpointSlices, ExternalName, --echo. Cluster mode: the cluster resolver (direct or port-forward). */
export async function createUpstreamProvider(o: UpstreamProviderOptions): Promise<UpstreamProvider> {
  if (!o.cluster) {
    const maps = parseMapFlags(o.maps)
    return {mode: 'files', resolverFor: (s) => createFileResolver(s, {maps, echo: o.echo}), close: async () => {}}
  }
  // Loaded only in cluster mode: file mode never pays for the Kubernetes client.
  const [{createClusterResolver}, {ClusterSource}] = await Promise.all([import('../upstreams/cluster/index.js'), import('../sources/cluster/cluster-source.js')])
  if (!(o.source instanceof ClusterSource)) {
    throw new IngressctlError('E_CLUSTER_UPSTREAMS', 'cluster upstreams need a cluster source', {hint: 'pass --context or --kubeconfig to serve from a cluster'})
  }
  const cluster = createClusterResolver({kubeConfig: o.source.kubeConfig, mode: o.upstream, maps: [...o.maps]})
  return {
    get mode() {
      return cluster.mode
    },
    resolverFor: (s) => (o.echo ? withEcho(cluster.resolverFor(s)) : cluster.resolverFor(s)),
    close: () => cluster.close(),
  }
}

/** --echo in cluster mode: backends that resolve nowhere get the echo upstream. */
function withEcho(inner: UpstreamResolver): UpstreamResolver {
  return {
    resolve(b: ServiceBackend): Resolution {
      const r = inner.resolve(b)
      return r.kind === 'unresolved' ? {kind: 'echo'} : r
    },
  }
}
