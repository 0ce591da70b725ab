/**
 * Backend resolution. A service backend names a Service in the Ingress's
 * namespace and one of its ports, by number or by name
 * (https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressBackend).
 * A port number refers to the Service's `port` (not the targetPort); a port
 * name to the Service port with that `name`. When the Service (or the port) is
 * not in the snapshot, servicePort stays undefined: lint reports it.
 *
 * Equal backends (same namespace, Service, port and protocol) are one shared
 * frozen object, so consumers can cache per backend.
 */
import type {Backend, ResolvedServicePort, UpstreamProtocol} from '../model/routes.js'
import type {ServicePort} from '../model/objects.js'
import {protocolFromAppProtocol} from './app-protocol.js'
import type {NormalizedBackend} from './convert.js'
import type {ServiceIndex} from './services.js'

export class BackendResolver {
  /** protocol override → namespace → Service name → port number or name → backend (no key strings built per route). */
  private readonly cache = new Map<string, Map<string, Map<string, Map<number | string, Backend>>>>()

  constructor(private readonly services: ServiceIndex) {}

  resolve(b: NormalizedBackend, namespace: string, protocolOverride: UpstreamProtocol | undefined): Backend {
    if (b.kind === 'resource') return resolveBackend(b, namespace, this.services, protocolOverride)
    const port = b.port.number ?? (b.port.name !== undefined ? `name:${b.port.name}` : '')
    let byNs = this.cache.get(protocolOverride ?? '')
    if (!byNs) this.cache.set(protocolOverride ?? '', (byNs = new Map()))
    let byName = byNs.get(namespace)
    if (!byName) byNs.set(namespace, (byName = new Map()))
    let byPort = byName.get(b.name)
    if (!byPort) byName.set(b.name, (byPort = new Map()))
    let out = byPort.get(port)
    if (!out) byPort.set(port, (out = resolveBackend(b, namespace, this.services, protocolOverride)))
    return out
  }
}

export function resolveBackend(b: NormalizedBackend, namespace: string, services: ServiceIndex, protocolOverride: UpstreamProtocol | undefined): Backend {
  if (b.kind === 'resource') {
    return Object.freeze({kind: 'resource', namespace, ...(b.apiGroup ? {apiGroup: b.apiGroup} : {}), resourceKind: b.resourceKind, name: b.name})
  }
  const svc = services.get(`${namespace}/${b.name}`)
  const ports = svc?.object.spec?.ports ?? []
  const found = findPort(ports, b.port)
  const servicePort = found ? resolvedPort(found) : undefined
  const type = svc ? (svc.object.spec?.type ?? 'ClusterIP') : undefined
  const externalName = svc?.object.spec?.externalName
  return Object.freeze({
    kind: 'service',
    namespace,
    name: b.name,
    port: Object.freeze({...b.port}),
    ...(servicePort ? {servicePort} : {}),
    ...(type ? {serviceType: type} : {}),
    ...(type === 'ExternalName' && typeof externalName === 'string' ? {externalName} : {}),
    protocol: protocolOverride ?? protocolFromAppProtocol(found?.appProtocol),
  })
}

function findPort(ports: readonly ServicePort[], want: {number?: number; name?: string}): ServicePort | undefined {
  if (!Array.isArray(ports)) return undefined
  if (want.number !== undefined) return ports.find((p) => p?.port === want.number)
  if (want.name !== undefined) return ports.find((p) => p?.name === want.name)
  return undefined
}

function resolvedPort(p: ServicePort): ResolvedServicePort {
  return Object.freeze({
    ...(typeof p.name === 'string' && p.name !== '' ? {name: p.name} : {}),
    port: p.port as number,
    // The API server defaults targetPort to port (https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service).
    targetPort: p.targetPort ?? (p.port as number),
    ...(typeof p.protocol === 'string' ? {protocol: p.protocol} : {}),
    ...(typeof p.appProtocol === 'string' ? {appProtocol: p.appProtocol} : {}),
  })
}
