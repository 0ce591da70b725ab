import type {Diagnostic, Severity} from '../../model/diagnostics.js'
import type {Route, RouteTable} from '../../model/routes.js'
import type {Snapshot} from '../../model/snapshot.js'
import {backendLabel, knownSecrets, tlsLabel} from '../../output/routes/labels.js'
import {endpointLookup, type ServiceEndpoints} from './endpoints.js'
import {diagnosticsByRoute} from './route-diagnostics.js'

/** One line of the routes table, precomputed once per table so rendering only formats strings. */
export interface RouteRow {
  readonly id: string
  readonly route: Route
  readonly host: string
  readonly path: string
  readonly pathType: string
  /** `service:port` or `Kind/name` for resource backends. */
  readonly backend: string
  readonly endpoints?: ServiceEndpoints
  /** Secret name, `self-signed` (TLS without a usable Secret), or `-`. */
  readonly tls: string
  /** `namespace/name` of the source Ingress. */
  readonly ingress: string
  readonly diagnostics: ReadonlyArray<Diagnostic>
  /** Worst severity among the row's diagnostics. */
  readonly severity?: Severity
  /** Lower-cased host, path and service, for the `/` filter. */
  readonly search: string
  /** Changes whenever anything shown on the row changes (drives the change highlight). */
  readonly signature: string
}

const RANK: Record<Severity, number> = {error: 0, warning: 1, info: 2}

export function worstSeverity(list: ReadonlyArray<Diagnostic>): Severity | undefined {
  let worst: Severity | undefined
  for (const d of list) if (!worst || RANK[d.severity] < RANK[worst]) worst = d.severity
  return worst
}

export {backendLabel, tlsLabel}

export function buildRows(table: RouteTable, snapshot?: Snapshot): RouteRow[] {
  const endpoints = endpointLookup(snapshot)
  const diags = diagnosticsByRoute(table.routes, table.diagnostics)
  const secrets = knownSecrets(snapshot)
  return table.routes.map((route) => {
    const backend = backendLabel(route.backend)
    const eps = route.backend.kind === 'service' ? endpoints(route.backend) : undefined
    const tls = tlsLabel(route, secrets)
    const ingress = `${route.ingress.namespace}/${route.ingress.name}`
    const diagnostics = diags.get(route.id) ?? []
    const pathType = route.defaultBackend ? 'default' : route.pathType
    const service = route.backend.kind === 'service' ? route.backend.name : route.backend.name
    return {
      id: route.id,
      route,
      host: route.host,
      path: route.path,
      pathType,
      backend,
      ...(eps ? {endpoints: eps} : {}),
      tls,
      ingress,
      diagnostics,
      ...(diagnostics.length > 0 ? {severity: worstSeverity(diagnostics)} : {}),
      search: `${route.host}\n${route.path}\n${service}`.toLowerCase(),
      signature: [backend, eps ? `${eps.ready}/${eps.total}` : '-', tls, ingress, pathType, diagnostics.length].join('|'),
    }
  })
}

/** Rows whose host, path or backend service contains the query (case-insensitive). */
export function filterRows(rows: ReadonlyArray<RouteRow>, query: string): ReadonlyArray<RouteRow> {
  const q = query.trim().toLowerCase()
  if (q === '') return rows
  return rows.filter((r) => r.search.includes(q))
}

/** Ids of rows that are new or show something different from the previous table. */
export function changedRowIds(previous: ReadonlyArray<RouteRow>, next: ReadonlyArray<RouteRow>): string[] {
  const before = new Map(previous.map((r) => [r.id, r.signature]))
  const out: string[] = []
  for (const r of next) if (before.get(r.id) !== r.signature) out.push(r.id)
  return out
}
