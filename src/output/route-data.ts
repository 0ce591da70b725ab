import type {Backend, Route, RouteTable, TlsBinding} from '../model/routes.js'
import type {Diagnostic} from '../model/diagnostics.js'
import {actionData, type ActionData} from '../actions/describe.js'

/**
 * The plain-data view of a route table, shared by `routes -o json|yaml`, the
 * admin API's /routes and the routes UI's --attach. Keys are stable; arrays
 * keep the table's sorted order.
 */
export interface RouteData {
  id: string
  host: string
  path: string
  pathType: string
  defaultBackend: boolean
  ingress: string
  backend: BackendData
  tls?: {secret: string | null; host: string}
  source?: string
  annotations?: Record<string, unknown>
  /** What the route does besides choosing the backend (ingress-nginx annotations), in order. */
  actions?: ActionData[]
}

export type BackendData =
  | {service: {name: string; namespace: string; port: {number: number} | {name: string}}; protocol: string; servicePort?: number}
  | {resource: {apiGroup?: string; kind: string; name: string; namespace: string}}

export interface TableData {
  routes: RouteData[]
  tls: Array<{host: string; secret: string | null; ingress: string}>
  diagnostics: Diagnostic[]
}

export function backendData(b: Backend): BackendData {
  if (b.kind === 'resource') {
    return {resource: {...(b.apiGroup ? {apiGroup: b.apiGroup} : {}), kind: b.resourceKind, name: b.name, namespace: b.namespace}}
  }
  const port = b.port.number !== undefined ? {number: b.port.number} : {name: b.port.name ?? ''}
  return {
    service: {name: b.name, namespace: b.namespace, port},
    protocol: b.protocol,
    ...(b.servicePort ? {servicePort: b.servicePort.port} : {}),
  }
}

function tlsData(t: TlsBinding | undefined): RouteData['tls'] {
  if (!t) return undefined
  return {secret: t.secretName ? `${t.secretNamespace}/${t.secretName}` : null, host: t.host}
}

export function routeData(r: Route): RouteData {
  const ingress = `${r.ingress.namespace}/${r.ingress.name}`
  const out: RouteData = {
    id: r.id,
    host: r.host,
    path: r.path,
    pathType: r.pathType,
    defaultBackend: r.defaultBackend,
    ingress,
    backend: backendData(r.backend),
  }
  const tls = tlsData(r.tls)
  if (tls) out.tls = tls
  if (r.location) out.source = `${r.location.file}:${r.location.line}:${r.location.col}`
  if (Object.keys(r.annotations).length > 0) out.annotations = {...r.annotations}
  if (r.actions) out.actions = r.actions.map(actionData)
  return out
}

export function tableData(table: RouteTable): TableData {
  const routes = table.routes.map(routeData)
  return {
    routes,
    tls: table.tls.map((t) => ({host: t.host, secret: t.secretName ? `${t.secretNamespace}/${t.secretName}` : null, ingress: `${t.ingress.namespace}/${t.ingress.name}`})),
    diagnostics: [...table.diagnostics],
  }
}
