import type {Backend, Route} from '../model/routes.js'
import type {BackendDetail, RouteView} from './types.js'

function portText(port: {readonly number?: number; readonly name?: string}): string {
  return port.number !== undefined ? String(port.number) : (port.name ?? '?')
}

/** `api:80`, `api:http`; the namespace is shown when it is not the Ingress' own. */
export function backendText(b: Backend | undefined, ingressNamespace?: string): string {
  if (b === undefined) return '(none)'
  const ns = b.namespace !== ingressNamespace ? `${b.namespace}/` : ''
  if (b.kind === 'resource') return `${b.resourceKind}/${ns}${b.name}`
  return `${ns}${b.name}:${portText(b.port)}`
}

export function backendDetail(b: Backend): BackendDetail {
  if (b.kind === 'resource') {
    return {resource: {namespace: b.namespace, ...(b.apiGroup ? {apiGroup: b.apiGroup} : {}), kind: b.resourceKind, name: b.name}}
  }
  const port = b.port.number !== undefined ? {number: b.port.number} : {name: b.port.name ?? ''}
  return {service: {namespace: b.namespace, name: b.name, port, ...(b.servicePort ? {resolvedPort: b.servicePort.port} : {})}}
}

/** The backend identity requests are compared by: namespace, name and port as written, plus the port a name resolves to. */
export function backendKey(b: Backend | undefined): string {
  if (b === undefined) return ''
  if (b.kind === 'resource') return `resource\u0000${b.namespace}\u0000${b.apiGroup ?? ''}\u0000${b.resourceKind}\u0000${b.name}`
  return `service\u0000${b.namespace}\u0000${b.name}\u0000${portText(b.port)}\u0000${b.servicePort?.port ?? ''}`
}

export function tlsText(r: Route): string | undefined {
  if (!r.tls) return undefined
  return r.tls.secretName ? `${r.tls.secretNamespace}/${r.tls.secretName}` : '(controller default)'
}

export function ingressText(r: Route): string {
  return `${r.ingress.namespace}/${r.ingress.name}`
}

/** `shop/orders Prefix /v1/orders`, `shop/web default backend` */
export function routeText(r: Route): string {
  if (r.defaultBackend) return `${ingressText(r)} default backend`
  return `${ingressText(r)} ${r.pathType} ${r.path}`
}

export function routeView(r: Route): RouteView {
  const tls = tlsText(r)
  return {
    host: r.host,
    path: r.path,
    pathType: r.pathType,
    defaultBackend: r.defaultBackend,
    ingress: ingressText(r),
    backend: backendText(r.backend, r.ingress.namespace),
    backendDetail: backendDetail(r.backend),
    ...(tls !== undefined ? {tls} : {}),
    ...(r.backend.kind === 'service' ? {protocol: r.backend.protocol} : {}),
    ...(r.location ? {source: `${r.location.file}:${r.location.line}:${r.location.col}`} : {}),
  }
}
