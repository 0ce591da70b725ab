/**
 * The route compiler: snapshot in, immutable RouteTable (with its diagnostics)
 * out. Pure — no I/O, no clock, no globals, no logging — so every command and
 * the proxy share one behaviour.
 *
 * Steps: API-server validation (an Ingress the API server would reject is left
 * out) → IngressClass selection → v1beta1 conversion → annotations → routes
 * with resolved backends → duplicate and default-backend resolution → TLS
 * bindings → the sorted, frozen, indexed table (src/table).
 */
import {hasErrors, sortDiagnostics, type Diagnostic} from '../model/diagnostics.js'
import type {Ingress} from '../model/objects.js'
import type {PathType, Route, RouteTable, UpstreamProtocol} from '../model/routes.js'
import type {Entry, Snapshot} from '../model/snapshot.js'
import {createRouteTable} from '../table/route-table.js'
import {TlsIndex} from '../table/tls-index.js'
import {validateIngress} from '../validation/index.js'
import {BACKEND_PROTOCOL, parseAnnotations, upstreamProtocol, type BackendProtocolValue} from './annotations/index.js'
import {classExclusion, defaultClasses} from './class-selection.js'
import {resolveDefaultBackend, resolveDuplicates} from './conflicts.js'
import {normalizeIngress} from './convert.js'
import {compareIngressAge} from './ingress-order.js'
import {draftRoutes, type RouteDraft} from './routes.js'
import {indexServices} from './services.js'
import {buildTlsBindings} from './tls.js'

export interface CompileOptions {
  /** --ingress-class: only this class (plus class-less Ingresses when it is the default IngressClass). */
  readonly ingressClass?: string
}

export {COMPILER_RULES, type CompilerRuleId} from './rules.js'
export {ANNOTATIONS} from './annotations/index.js'
export {ingressClassOf} from './class-selection.js'

/** Pure: snapshot in, immutable route table (with its diagnostics) out. No I/O, no clock. */
export function compile(snapshot: Snapshot, options: CompileOptions = {}): RouteTable {
  const diagnostics: Diagnostic[] = []
  const defaults = defaultClasses(snapshot)
  const accepted: Entry<Ingress>[] = []
  for (const e of snapshot.ingresses) {
    const found = validateIngress(e)
    for (const d of found) diagnostics.push(d)
    // The API server would have rejected this object: it cannot be in a cluster, so it serves nothing.
    if (hasErrors(found)) continue
    const excluded = classExclusion(e, options.ingressClass, defaults)
    if (excluded) {
      diagnostics.push(excluded)
      continue
    }
    accepted.push(e)
  }
  accepted.sort(compareIngressAge)

  const services = indexServices(snapshot)
  const normalized = accepted.map(normalizeIngress)
  const ruleDrafts: RouteDraft[] = []
  const defaultDrafts: RouteDraft[] = []
  normalized.forEach((n, rank) => {
    const ann = parseAnnotations(n.entry)
    for (const d of ann.diagnostics) diagnostics.push(d)
    const bp = ann.values[BACKEND_PROTOCOL] as BackendProtocolValue | undefined
    const protocol: UpstreamProtocol | undefined = bp ? upstreamProtocol(bp) : undefined
    const drafts = draftRoutes(n, rank, services, ann.values, protocol)
    for (const d of drafts.rules) ruleDrafts.push(d)
    if (drafts.defaultRoute) defaultDrafts.push(drafts.defaultRoute)
    for (const d of drafts.diagnostics) diagnostics.push(d)
  })

  const dups = resolveDuplicates(ruleDrafts)
  const def = resolveDefaultBackend(defaultDrafts)
  const tls = buildTlsBindings(normalized)
  diagnostics.push(...dups.diagnostics, ...def.diagnostics, ...tls.diagnostics)

  // Route.tls: the binding serving the route's host (a `*` route gets only the binding without hosts).
  const tlsIndex = new TlsIndex(tls.bindings)
  const finish = (d: RouteDraft): Route => {
    const t = tlsIndex.lookup(d.route.host)
    return Object.freeze({...d.route, ...(t ? {tls: t} : {})})
  }
  const rank = new Map<Route, number>()
  const winners = dups.winners.map((d) => {
    const r = finish(d)
    rank.set(r, d.rank)
    return r
  })
  winners.sort(compareRoutes)
  const priority = samePrefixPriority(winners, rank)

  return createRouteTable({
    routes: winners,
    ...(def.winner ? {defaultRoute: finish(def.winner)} : {}),
    defaultLosers: def.losers.map(finish),
    duplicates: dups.losers.map(finish),
    priority: (r) => priority.get(r) ?? Number.MAX_SAFE_INTEGER,
    tls: tls.bindings,
    diagnostics: sortDiagnostics(diagnostics),
  })
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Table order: host, path, pathType (code-unit order, so the same input always gives the same output). */
export function compareRoutes(a: Route, b: Route): number {
  return cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.pathType, b.pathType)
}

const PATH_TYPE_RANK: Record<PathType, number> = {Exact: 0, Prefix: 1, ImplementationSpecific: 2}

/**
 * Routes of one host that select the same requests without being duplicates:
 * Prefix `/foo` and `/foo/` (a trailing slash is ignored), or Prefix and
 * ImplementationSpecific on one path. Deterministic choice: Prefix before
 * ImplementationSpecific, then the older Ingress, then the path written
 * without the trailing slash, then the path written first.
 */
function samePrefixPriority(routes: readonly Route[], rank: ReadonlyMap<Route, number>): Map<Route, number> {
  const order = [...routes].sort(
    (a, b) =>
      PATH_TYPE_RANK[a.pathType] - PATH_TYPE_RANK[b.pathType] ||
      rank.get(a)! - rank.get(b)! ||
      a.path.length - b.path.length ||
      cmp(a.path, b.path) ||
      a.ruleIndex - b.ruleIndex ||
      a.pathIndex - b.pathIndex,
  )
  return new Map(order.map((r, i) => [r, i]))
}
