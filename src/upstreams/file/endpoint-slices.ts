import type {Endpoint, EndpointPort, EndpointSlice} from '../../model/objects.js'
import type {ServiceBackend} from '../../model/routes.js'
import type {Entry, Snapshot} from '../../model/snapshot.js'
import type {UpstreamEndpoint} from '../../model/upstreams.js'

/** Label that ties an EndpointSlice to its Service (discovery.k8s.io/v1). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name'

export type SliceIndex = ReadonlyMap<string, ReadonlyArray<Entry<EndpointSlice>>>

/** EndpointSlices by `namespace/service`. */
export function indexSlices(snapshot: Snapshot): SliceIndex {
  const out = new Map<string, Array<Entry<EndpointSlice>>>()
  for (const e of snapshot.endpointSlices) {
    const svc = e.object.metadata?.labels?.[SERVICE_NAME_LABEL]
    if (!svc) continue
    const key = `${e.namespace}/${svc}`
    const list = out.get(key) ?? []
    list.push(e)
    out.set(key, list)
  }
  return out
}

export type SliceResult =
  | {readonly found: false}
  | {readonly found: true; readonly endpoints: UpstreamEndpoint[]; readonly problem?: string}

/**
 * The endpoints of a backend from the EndpointSlices of its Service.
 *
 * Port: an EndpointSlice port carries the name of the Service port it serves
 * (empty for a Service's single unnamed port) and the resolved targetPort
 * number, so the Service port the Ingress names is matched by name. Without
 * the Service in the input, a named Ingress port is matched by name, else a
 * slice with a single port uses it, else a slice port with the same number.
 *
 * Addresses: only `addresses[0]` (the API reference defines no semantics for
 * the others and kube-proxy ignores them). Ready endpoints are used
 * (`conditions.ready` nil means true); when none is ready, serving endpoints
 * that are terminating are used, as kube-proxy does.
 */
export function endpointsFromSlices(index: SliceIndex, backend: ServiceBackend, tls: boolean): SliceResult {
  const slices = index.get(`${backend.namespace}/${backend.name}`)
  if (!slices || slices.length === 0) return {found: false}
  const ready = new Map<string, UpstreamEndpoint>()
  const terminating = new Map<string, UpstreamEndpoint>()
  let portFound = false
  for (const s of slices) {
    const port = slicePort(s.object.ports ?? [], backend)
    if (port?.port === undefined) continue
    portFound = true
    const family = s.object.addressType
    for (const ep of s.object.endpoints ?? []) {
      const addr = ep.addresses?.[0]
      if (!addr) continue
      const endpoint = toEndpoint(addr, port.port, family, ep, tls)
      if (isReady(ep)) ready.set(endpoint.key, endpoint)
      else if (isServingTerminating(ep)) terminating.set(endpoint.key, endpoint)
    }
  }
  const chosen = ready.size > 0 ? ready : terminating
  const endpoints = [...chosen.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  if (endpoints.length > 0) return {found: true, endpoints}
  const names = slices.map((s) => s.name).sort().join(', ')
  const problem = portFound
    ? `EndpointSlice ${names} has no ready endpoints`
    : `EndpointSlice ${names} has no port matching ${portLabel(backend)}`
  return {found: true, endpoints: [], problem}
}

function portLabel(b: ServiceBackend): string {
  return b.port.name !== undefined ? `port "${b.port.name}"` : `port ${b.port.number}`
}

function slicePort(ports: readonly EndpointPort[], backend: ServiceBackend): EndpointPort | undefined {
  const tcp = ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP')
  if (backend.servicePort) {
    const name = backend.servicePort.name ?? ''
    return tcp.find((p) => (p.name ?? '') === name)
  }
  if (backend.port.name !== undefined) return tcp.find((p) => p.name === backend.port.name)
  if (tcp.length === 1) return tcp[0]
  return tcp.find((p) => p.port === backend.port.number)
}

function isReady(ep: Endpoint): boolean {
  return ep.conditions?.ready ?? true
}

function isServingTerminating(ep: Endpoint): boolean {
  return (ep.conditions?.serving ?? true) && (ep.conditions?.terminating ?? false)
}

function toEndpoint(addr: string, port: number, family: string | undefined, ep: Endpoint, tls: boolean): UpstreamEndpoint {
  const v6 = family === 'IPv6' || addr.includes(':')
  const key = v6 ? `[${addr}]:${port}` : `${addr}:${port}`
  const who = ep.targetRef?.name ? `${ep.targetRef.kind ?? 'Pod'} ${ep.targetRef.namespace ? `${ep.targetRef.namespace}/` : ''}${ep.targetRef.name}` : undefined
  return {key, host: addr, port, ...(tls ? {tls: true} : {}), label: who ? `${who} (${key})` : key}
}
