import type {KubeConfig} from '@kubernetes/client-node'
import {UsageError} from '../../errors.js'
import type {EndpointSlice} from '../../model/objects.js'
import type {ServiceBackend} from '../../model/routes.js'
import {emptySnapshot, type Entry, type Snapshot} from '../../model/snapshot.js'
import type {Resolution, UpstreamEndpoint, UpstreamResolver} from '../../model/upstreams.js'
import {endpointFromExternalName} from '../file/external-name.js'
import {endpointsFromSlices, indexSlices, type SliceIndex} from '../file/endpoint-slices.js'
import {createFileResolver, mapHint, parseMapFlags, type MapEntry} from '../file/index.js'
import {podKey, TunnelRegistry} from './tunnels.js'

export type UpstreamMode = 'auto' | 'direct' | 'port-forward'

export interface ClusterResolverOptions {
  /** The kubeconfig with the context selected (ClusterSource#kubeConfig); port-forward tunnels use its server, TLS and credentials. */
  readonly kubeConfig: KubeConfig
  /** --upstream: `auto` is `direct` inside a pod (KUBERNETES_SERVICE_HOST set), `port-forward` elsewhere. */
  readonly mode: UpstreamMode
  /** Raw --map values, `[NAMESPACE/]SERVICE[:PORT]=URL`; they win over both modes. */
  readonly maps?: ReadonlyArray<string>
  readonly env?: NodeJS.ProcessEnv
}

export interface ClusterResolver {
  /** What `auto` chose. */
  readonly mode: 'direct' | 'port-forward'
  /** An immutable resolver for this snapshot; retires tunnels to pods that left its EndpointSlices. */
  resolverFor(snapshot: Snapshot): UpstreamResolver
  /** Open port-forward tunnels (0 in direct mode). */
  readonly openTunnels: number
  /** Closes every tunnel. */
  close(): Promise<void>
}

export function createClusterResolver(o: ClusterResolverOptions): ClusterResolver {
  if (o.mode !== 'auto' && o.mode !== 'direct' && o.mode !== 'port-forward') {
    throw new UsageError(`invalid --upstream value "${String(o.mode)}"`, 'use --upstream auto, direct or port-forward')
  }
  const env = o.env ?? process.env
  const mode = o.mode === 'auto' ? (env.KUBERNETES_SERVICE_HOST ? 'direct' : 'port-forward') : o.mode
  const maps = parseMapFlags(o.maps ?? [])
  const tunnels = mode === 'port-forward' ? new TunnelRegistry(o.kubeConfig) : undefined
  return {
    mode,
    resolverFor(snapshot: Snapshot): UpstreamResolver {
      const r = new SnapshotResolver(snapshot, mode, maps, tunnels)
      tunnels?.retainPods(r.livePods)
      return r
    },
    get openTunnels() {
      return tunnels?.count() ?? 0
    },
    async close() {
      await tunnels?.close()
    },
  }
}

/** A ready pod endpoint with the pod it belongs to. */
interface PodEndpoint {
  readonly endpoint: UpstreamEndpoint
  readonly pod?: {readonly namespace: string; readonly name: string}
}

/**
 * Resolution for one snapshot, in this order: a --map flag; the ready
 * EndpointSlice endpoints of the Service (`direct`: their addresses;
 * `port-forward`: a tunnel to each endpoint's pod); a Service of type
 * ExternalName; else unresolved with the --map flag that would fix it.
 * Answers are cached per backend object.
 */
class SnapshotResolver implements UpstreamResolver {
  readonly livePods = new Set<string>()
  private readonly slices: SliceIndex
  private readonly podsByAddress = new Map<string, {namespace: string; name: string}>()
  private readonly maps: ReturnType<typeof createFileResolver>
  private readonly cache = new WeakMap<ServiceBackend, {resolution: Resolution; pods: ReadonlyArray<PodEndpoint>}>()

  constructor(
    snapshot: Snapshot,
    private readonly mode: 'direct' | 'port-forward',
    mapEntries: readonly MapEntry[],
    private readonly tunnels: TunnelRegistry | undefined,
  ) {
    this.slices = indexSlices(snapshot)
    // The file resolver over an empty snapshot answers --map flags only (same matching rules as file mode).
    this.maps = createFileResolver(emptySnapshot(), {maps: mapEntries})
    for (const s of snapshot.endpointSlices) this.indexPods(s)
  }

  resolve(backend: ServiceBackend): Resolution {
    let c = this.cache.get(backend)
    if (!c) {
      c = this.compute(backend)
      this.cache.set(backend, c)
    }
    if (!this.tunnels?.hasFailedPods || c.pods.length < 2) return c.resolution
    // Skip pods whose tunnel just failed (gone before the EndpointSlice says so), unless none is left.
    const alive = c.pods.filter((p) => !p.pod || !this.tunnels!.isFailed(p.pod.namespace, p.pod.name))
    if (alive.length === 0 || alive.length === c.pods.length || c.resolution.kind !== 'endpoints') return c.resolution
    return {...c.resolution, endpoints: alive.map((p) => p.endpoint)}
  }

  private compute(b: ServiceBackend): {resolution: Resolution; pods: ReadonlyArray<PodEndpoint>} {
    const mapped = this.maps.resolve(b)
    if (mapped.kind === 'endpoints') return {resolution: mapped, pods: []}
    const tls = b.protocol === 'https' || b.protocol === 'grpcs'
    const problems: string[] = []
    const fromSlices = endpointsFromSlices(this.slices, b, tls)
    if (fromSlices.found && fromSlices.endpoints.length > 0) {
      const pods = fromSlices.endpoints.map((e) => this.viaMode(b, e))
      return {resolution: {kind: 'endpoints', source: this.mode, endpoints: pods.map((p) => p.endpoint)}, pods}
    }
    if (fromSlices.found && fromSlices.problem) problems.push(fromSlices.problem)
    const ext = endpointFromExternalName(b, tls)
    if (ext.found && ext.endpoint) return {resolution: {kind: 'endpoints', source: 'externalname', endpoints: [ext.endpoint]}, pods: []}
    if (ext.found && ext.problem) problems.push(ext.problem)
    return {resolution: {kind: 'unresolved', reason: unresolvedReason(b, problems), hint: unresolvedHint(b)}, pods: []}
  }

  /** direct: the address itself. port-forward: a tunnel to the endpoint's pod (addresses without a pod are dialled directly). */
  private viaMode(b: ServiceBackend, e: UpstreamEndpoint): PodEndpoint {
    const pod = this.podsByAddress.get(`${b.namespace}/${e.host}`)
    if (this.mode === 'direct' || !pod || !this.tunnels) return {endpoint: e, ...(pod ? {pod} : {})}
    const tunnels = this.tunnels
    const target = {namespace: pod.namespace, pod: pod.name, port: e.port}
    return {
      pod,
      endpoint: {
        key: `pod:${pod.namespace}/${pod.name}:${e.port}`,
        host: e.host,
        port: e.port,
        ...(e.tls ? {tls: true} : {}),
        label: `pod ${pod.namespace}/${pod.name}:${e.port} (port-forward)`,
        connect: () => tunnels.connect(target),
      },
    }
  }

  /** Ready pods by address, per namespace; the pods the snapshot can send traffic to. */
  private indexPods(s: Entry<EndpointSlice>): void {
    for (const ep of s.object.endpoints ?? []) {
      const ref = ep.targetRef
      const addr = ep.addresses?.[0]
      if (!addr || ref?.kind !== 'Pod' || !ref.name) continue
      const namespace = ref.namespace ?? s.namespace
      this.podsByAddress.set(`${s.namespace}/${addr}`, {namespace, name: ref.name})
      // Terminating pods still serving stay reachable (the slice resolver may fall back to them).
      if ((ep.conditions?.ready ?? true) || (ep.conditions?.serving ?? false)) this.livePods.add(podKey(namespace, ref.name))
    }
  }
}

function portText(b: ServiceBackend): string {
  return b.port.number !== undefined ? String(b.port.number) : (b.port.name ?? '')
}

function unresolvedReason(b: ServiceBackend, problems: string[]): string {
  const what = `Service ${b.namespace}/${b.name} port ${portText(b)}`
  if (problems.length > 0) return `no upstream for ${what}: ${problems.join('; ')}`
  return `no upstream for ${what}: the cluster has no EndpointSlice for it (no ready pods, or the Service does not exist) and no --map flag matches`
}

function unresolvedHint(b: ServiceBackend): string {
  return `check \`kubectl get endpointslices -n ${b.namespace} -l kubernetes.io/service-name=${b.name}\`, or send it to a local process: ${mapHint(b)}`
}
