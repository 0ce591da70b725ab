import type {Backend, Route, RouteTable, TlsBinding} from '../model/routes.js'
import {describeNginxConfig} from '../compiler/nginx/configmap.js'
import type {Diagnostic} from '../model/diagnostics.js'

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
}

export type BackendData =
  | {service: {name: string; namespace: string; port: {number: number} | {name: string}}; protocol: string; servicePort?: number}
  | {resource: {apiGroup?: string; kind: string; name: string; namespace: string}}

export interface TableData {
  routes: RouteData[]
  tls: Array<{host: string; secret: string | null; ingress: string}>
  diagnostics: Diagnostic[]
  /** The ingress-nginx controller settings used, when a ConfigMap was found or a route follows ingress-nginx. */
  controllerConfig?: ControllerConfigData
}

/** Which ingress-nginx controller ConfigMap the table was compiled with (`configMap: null`: the controller's defaults). */
export interface ControllerConfigData {
  configMap: string | null
  source?: string
  summary: string
}

/** The ConfigMap used, when it matters to the table: one was found, or a route follows the ingress-nginx profile. */
export function controllerConfigData(table: RouteTable): ControllerConfigData | undefined {
  const c = table.nginx
  if (!c) return undefined
  if (!c.source && !table.routes.some((r) => r.profile?.name === 'ingress-nginx')) return undefined
  const s = c.source
  return {
    configMap: s ? `${s.namespace}/${s.name}` : null,
    ...(s?.location ? {source: `${s.location.file}:${s.location.line}:${s.location.col}`} : {}),
    summary: describeNginxConfig(c),
  }
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
  return out
}

export function tableData(table: RouteTable): TableData {
  const routes = table.routes.map(routeData)
  const config = controllerConfigData(table)
  return {
    routes,
    tls: table.tls.map((t) => ({host: t.host, secret: t.secretName ? `${t.secretNamespace}/${t.secretName}` : null, ingress: `${t.ingress.namespace}/${t.ingress.name}`})),
    diagnostics: [...table.diagnostics],
    ...(config ? {controllerConfig: config} : {}),
  }
}
