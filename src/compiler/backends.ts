/**
 * Backend resolution. A service backend names a Service in the Ingress's
 * namespace and one of its ports, by number or by name
 * (https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressBackend).
 * A port number refers to the Service's `port` (not the targetPort); a port
 * name to the Service port with that `name`. When the Service (or the port) is
 * not in the snapshot, servicePort stays undefined: lint reports it.
 */
import type {Backend, ResolvedServicePort, UpstreamProtocol} from '../model/routes.js'
import type {ServicePort} from '../model/objects.js'
import {protocolFromAppProtocol} from './app-protocol.js'
import type {NormalizedBackend} from './convert.js'
import type {ServiceIndex} from './services.js'

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
