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
}

const RANK: Record<Severity, number> = {error: 0, warning: 1, info: 2}

export function worstSeverity(list: ReadonlyArray<Diagnostic>): Severity | undefined {
  let worst: Severity | undefined
  for (const d of list) if (!worst || RANK[d.severity] < RANK[worst]) worst = d.severity
  return worst
}

export {backendLabel, tlsLabel}

/** A row; the filter text is computed on first use (most rows never need it). */
class Row implements RouteRow {
  readonly id: string
  readonly host: string
  readonly path: string
  readonly pathType: string
  readonly endpoints?: ServiceEndpoints
  readonly severity?: Severity
  private searchText?: string
  constructor(
    readonly route: Route,
    readonly backend: string,
    endpoints: ServiceEndpoints | undefined,
    readonly tls: string,
    readonly ingress: string,
    readonly diagnostics: ReadonlyArray<Diagnostic>,
  ) {
    this.id = route.id
    this.host = route.host
    this.path = route.path
    this.pathType = route.defaultBackend ? 'default' : route.pathType
    if (endpoints) this.endpoints = endpoints
    if (diagnostics.length > 0) this.severity = worstSeverity(diagnostics)
  }
  get search(): string {
    this.searchText ??= `${this.host}\n${this.path}\n${this.route.backend.name}`.toLowerCase()
    return this.searchText
  }
}

const NO_DIAGNOSTICS: ReadonlyArray<Diagnostic> = []

export function buildRows(table: RouteTable, snapshot?: Snapshot): RouteRow[] {
  const endpoints = endpointLookup(snapshot)
  const diags = diagnosticsByRoute(table.routes, table.diagnostics)
  const secrets = knownSecrets(snapshot)
  return table.routes.map((route) => {
    const eps = route.backend.kind === 'service' ? endpoints(route.backend) : undefined
    return new Row(route, backendLabel(route.backend), eps, tlsLabel(route, secrets), `${route.ingress.namespace}/${route.ingress.name}`, diags.get(route.id) ?? NO_DIAGNOSTICS)
  })
}

/** Rows whose host, path or backend service contains the query (case-insensitive). */
export function filterRows(rows: ReadonlyArray<RouteRow>, query: string): ReadonlyArray<RouteRow> {
  const q = query.trim().toLowerCase()
  if (q === '') return rows
  return rows.filter((r) => r.search.includes(q))
}

/** Whether a row shows the same thing as before (drives the change highlight). */
export function sameRow(a: RouteRow, b: RouteRow): boolean {
  return (
    a.backend === b.backend &&
    a.tls === b.tls &&
    a.ingress === b.ingress &&
    a.pathType === b.pathType &&
    a.diagnostics.length === b.diagnostics.length &&
    a.severity === b.severity &&
    a.endpoints?.ready === b.endpoints?.ready &&
    a.endpoints?.total === b.endpoints?.total
  )
}

/** Ids of rows that are new or show something different from the previous table. */
export function changedRowIds(previous: ReadonlyArray<RouteRow>, next: ReadonlyArray<RouteRow>): string[] {
  const out: string[] = []
  // Both lists are in table order: walk them side by side while rows line up (the usual case, no allocation)...
  let i = 0
  while (i < next.length && i < previous.length && previous[i]!.id === next[i]!.id) {
    if (!sameRow(previous[i]!, next[i]!)) out.push(next[i]!.id)
    i++
  }
  if (i === next.length) return out
  // ...and compare the rest by id once they diverge (routes added or removed).
  const before = new Map<string, RouteRow>()
  for (let j = i; j < previous.length; j++) before.set(previous[j]!.id, previous[j]!)
  for (let j = i; j < next.length; j++) {
    const old = before.get(next[j]!.id)
    if (!old || !sameRow(old, next[j]!)) out.push(next[j]!.id)
  }
  return out
}
