/** The routes of one accepted Ingress: its rule paths and its default backend. */
import type {Diagnostic} from '../model/diagnostics.js'
import type {ControllerProfile} from '../model/profile.js'
import type {Backend, PathType, Route, TlsBinding, UpstreamProtocol} from '../model/routes.js'
import {formatFieldPath, type FieldPath} from '../model/source.js'
import {ANY_HOST} from '../table/host.js'
import {matchKindOf} from '../table/path.js'
import type {BackendResolver} from './backends.js'
import type {NormalizedBackend, NormalizedIngress} from './convert.js'
import {ingressLabel, ingressRef, locationOf, pathLocation, type PathFields} from './where.js'

export const DEFAULT_ROUTE_ID = '*|default'

export function routeId(host: string, path: string, pathType: PathType): string {
  return `${host}|${path}|${pathType}`
}

export interface DraftContext {
  readonly backends: BackendResolver
  /** Parsed annotations of the Ingress (shared by its routes). */
  readonly annotations: Readonly<Record<string, unknown>>
  /** From the backend-protocol annotation. */
  readonly protocol: UpstreamProtocol | undefined
  /** The TLS binding serving a rule host. */
  readonly tlsFor: (host: string) => TlsBinding | undefined
  readonly fields: PathFields
  /** The controller profile of the Ingress (shared by its routes). */
  readonly profile: ControllerProfile
}

export function draftRoutes(n: NormalizedIngress, ctx: DraftContext): {rules: Route[]; defaultRoute?: Route; diagnostics: Diagnostic[]} {
  const e = n.entry
  const diagnostics: Diagnostic[] = []
  const ingress = ingressRef(e)
  const annotations = ctx.annotations
  const backendOf = (b: NormalizedBackend, field: () => FieldPath): Backend => {
    const backend = ctx.backends.resolve(b, e.namespace, ctx.protocol)
    if (backend.kind === 'resource') diagnostics.push(resourceWarning(n, backend, field()))
    return backend
  }
  const rules: Route[] = []
  for (const rule of n.rules) {
    const host = rule.host
    const tls = ctx.tlsFor(host)
    for (const p of rule.paths) {
      const route: Route = {
        id: routeId(host, p.path, p.pathType),
        host,
        path: p.path,
        pathType: p.pathType,
        matchKind: matchKindOf(p.pathType),
        backend: backendOf(p.backend, () => ['spec', 'rules', p.ruleIndex, 'http', 'paths', p.pathIndex, 'backend']),
        ingress,
        ruleIndex: p.ruleIndex,
        pathIndex: p.pathIndex,
        defaultBackend: false,
        location: pathLocation(e, p.ruleIndex, p.pathIndex, p.hasPath, ctx.fields),
        annotations,
        profile: ctx.profile,
      }
      if (tls) (route as {tls?: TlsBinding}).tls = tls
      rules.push(Object.freeze(route))
    }
  }
  let defaultRoute: Route | undefined
  if (n.defaultBackend) {
    const db = n.defaultBackend
    const tls = ctx.tlsFor(ANY_HOST)
    const route: Route = {
      id: DEFAULT_ROUTE_ID,
      host: ANY_HOST,
      path: '/',
      pathType: 'Prefix',
      matchKind: 'Prefix',
      backend: backendOf(db.backend, () => db.field),
      ingress,
      ruleIndex: -1,
      pathIndex: -1,
      defaultBackend: true,
      location: locationOf(e, db.field),
      annotations,
      profile: ctx.profile,
    }
    if (tls) (route as {tls?: TlsBinding}).tls = tls
    defaultRoute = Object.freeze(route)
  }
  return {rules, ...(defaultRoute ? {defaultRoute} : {}), diagnostics}
}

function resourceWarning(n: NormalizedIngress, b: Extract<Backend, {kind: 'resource'}>, field: FieldPath): Diagnostic {
  const what = `${b.apiGroup ? `${b.apiGroup}/` : ''}${b.resourceKind} ${b.name}`
  return {
    rule: 'unsupported-resource-backend',
    severity: 'warning',
    message: `${ingressLabel(n.entry)}: ${formatFieldPath(field)}: resource backend ${what} is not supported by ingressctl; the route is kept but cannot be proxied`,
    object: ingressRef(n.entry),
    location: locationOf(n.entry, [...field, 'resource']),
    hint: 'Point the path at a Service backend to serve it locally; resource backends are served only by controllers that know that kind.',
  }
}
