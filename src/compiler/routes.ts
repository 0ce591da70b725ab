/** Route drafts of one accepted Ingress: its rule paths and its default backend. */
import type {Diagnostic} from '../model/diagnostics.js'
import type {Backend, PathType, Route, UpstreamProtocol} from '../model/routes.js'
import type {FieldPath} from '../model/source.js'
import {ANY_HOST} from '../table/host.js'
import {matchKindOf} from '../table/path.js'
import {resolveBackend} from './backends.js'
import type {NormalizedBackend, NormalizedIngress} from './convert.js'
import type {ServiceIndex} from './services.js'
import {fieldString, ingressLabel, ingressRef, locationOf} from './where.js'

/** A route before TLS is attached, with its Ingress's precedence rank (0 = oldest). */
export interface RouteDraft {
  readonly route: Omit<Route, 'tls'>
  readonly rank: number
}

export const DEFAULT_ROUTE_ID = '*|default'

export function routeId(host: string, path: string, pathType: PathType): string {
  return `${host}|${path}|${pathType}`
}

export function draftRoutes(
  n: NormalizedIngress,
  rank: number,
  services: ServiceIndex,
  annotations: Readonly<Record<string, unknown>>,
  protocol: UpstreamProtocol | undefined,
): {rules: RouteDraft[]; defaultRoute?: RouteDraft; diagnostics: Diagnostic[]} {
  const e = n.entry
  const diagnostics: Diagnostic[] = []
  const ref = ingressRef(e)
  const backendOf = (b: NormalizedBackend, field: FieldPath): Backend => {
    const backend = resolveBackend(b, e.namespace, services, protocol)
    if (backend.kind === 'resource') diagnostics.push(resourceWarning(n, backend, field))
    return backend
  }
  const rules: RouteDraft[] = []
  for (const rule of n.rules) {
    for (const p of rule.paths) {
      const backendField: FieldPath = ['spec', 'rules', p.ruleIndex, 'http', 'paths', p.pathIndex, 'backend']
      rules.push({
        rank,
        route: {
          id: routeId(rule.host, p.path, p.pathType),
          host: rule.host,
          path: p.path,
          pathType: p.pathType,
          matchKind: matchKindOf(p.pathType),
          backend: backendOf(p.backend, backendField),
          ingress: ref,
          ruleIndex: p.ruleIndex,
          pathIndex: p.pathIndex,
          defaultBackend: false,
          location: locationOf(e, p.field),
          annotations,
        },
      })
    }
  }
  let defaultRoute: RouteDraft | undefined
  if (n.defaultBackend) {
    defaultRoute = {
      rank,
      route: {
        id: DEFAULT_ROUTE_ID,
        host: ANY_HOST,
        path: '/',
        pathType: 'Prefix',
        matchKind: 'Prefix',
        backend: backendOf(n.defaultBackend.backend, n.defaultBackend.field),
        ingress: ref,
        ruleIndex: -1,
        pathIndex: -1,
        defaultBackend: true,
        location: locationOf(e, n.defaultBackend.field),
        annotations,
      },
    }
  }
  return {rules, ...(defaultRoute ? {defaultRoute} : {}), diagnostics}
}

function resourceWarning(n: NormalizedIngress, b: Extract<Backend, {kind: 'resource'}>, field: FieldPath): Diagnostic {
  const what = `${b.apiGroup ? `${b.apiGroup}/` : ''}${b.resourceKind} ${b.name}`
  return {
    rule: 'unsupported-resource-backend',
    severity: 'warning',
    message: `${ingressLabel(n.entry)}: ${fieldString(field)}: resource backend ${what} is not supported by ingressctl; the route is kept but cannot be proxied`,
    object: ingressRef(n.entry),
    location: locationOf(n.entry, [...field, 'resource']),
    hint: 'Point the path at a Service backend to serve it locally; resource backends are served only by controllers that know that kind.',
  }
}
