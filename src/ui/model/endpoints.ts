import type {EndpointSlice} from '../../model/objects.js'
import type {ServiceBackend} from '../../model/routes.js'
import type {Entry, Snapshot} from '../../model/snapshot.js'

/** One endpoint of a Service, from its EndpointSlices. */
export interface EndpointInfo {
  /** First address of the endpoint (consumers treat an endpoint's addresses as fungible). */
  readonly address: string
  readonly ready: boolean
  readonly terminating: boolean
  /** `Pod/name` from targetRef, when set. */
  readonly target?: string
  readonly ports: ReadonlyArray<number>
}

export interface ServiceEndpoints {
  readonly ready: number
  readonly total: number
  readonly endpoints: ReadonlyArray<EndpointInfo>
}

/** The label tying an EndpointSlice to its Service (discovery.k8s.io/v1). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name'

export type EndpointLookup = (backend: ServiceBackend) => ServiceEndpoints | undefined

/**
 * Ready/total endpoints per Service backend. Returns undefined for every backend
 * when the snapshot carries no EndpointSlices at all (plain manifests), so the UI
 * shows "-" rather than a misleading 0/0.
 */
export function endpointLookup(snapshot: Snapshot | undefined): EndpointLookup {
  if (!snapshot || snapshot.endpointSlices.length === 0) return () => undefined
  const byService = new Map<string, Entry<EndpointSlice>[]>()
  for (const e of snapshot.endpointSlices) {
    const svc = e.object.metadata?.labels?.[SERVICE_NAME_LABEL]
    if (!svc) continue
    const key = `${e.namespace}/${svc}`
    const list = byService.get(key)
    if (list) list.push(e)
    else byService.set(key, [e])
  }
  const cache = new Map<string, ServiceEndpoints>()
  return (backend) => {
    if (backend.serviceType === 'ExternalName') return undefined
    const portName = backend.servicePort ? (backend.servicePort.name ?? '') : undefined
    const key = `${backend.namespace}/${backend.name}`
    const cacheKey = `${key}|${portName ?? '*'}`
    const hit = cache.get(cacheKey)
    if (hit) return hit
    const result = countEndpoints(byService.get(key) ?? [], portName)
    cache.set(cacheKey, result)
    return result
  }
}

function countEndpoints(slices: ReadonlyArray<Entry<EndpointSlice>>, portName: string | undefined): ServiceEndpoints {
  const seen = new Map<string, EndpointInfo>()
  for (const {object: slice} of slices) {
    // A slice serves the Service port whose name equals the slice port's name ("" for an unnamed port).
    const ports = slice.ports ?? []
    const matching = portName === undefined || ports.length === 0 ? ports : ports.filter((p) => (p.name ?? '') === portName)
    if (portName !== undefined && ports.length > 0 && matching.length === 0) continue
    for (const ep of slice.endpoints ?? []) {
      const address = ep.addresses?.[0]
      if (!address) continue
      const target = ep.targetRef?.name ? `${ep.targetRef.kind ?? 'Pod'}/${ep.targetRef.name}` : undefined
      // Dual-stack Services have one slice per address family for the same Pods: count each Pod once.
      const id = target ?? address
      const prev = seen.get(id)
      // EndpointConditions.ready: "a nil value should be interpreted as ready" (unknown state).
      const ready = ep.conditions?.ready !== false
      const info: EndpointInfo = {
        address: prev?.address ?? address,
        ready: (prev?.ready ?? false) || ready,
        terminating: ep.conditions?.terminating === true,
        ...(target ? {target} : {}),
        ports: [...(prev?.ports ?? []), ...matching.map((p) => p.port).filter((p): p is number => typeof p === 'number')],
      }
      seen.set(id, info)
    }
  }
  const endpoints = [...seen.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
  return {ready: endpoints.filter((e) => e.ready).length, total: endpoints.length, endpoints}
}
