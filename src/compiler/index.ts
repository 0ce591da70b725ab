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
import {hasErrors, sortDiagnostics, type Diagnostic, type ObjectRef} from '../model/diagnostics.js'
import type {Ingress} from '../model/objects.js'
import type {PathType, Route, RouteTable, ServiceBackend, UpstreamProtocol} from '../model/routes.js'
import type {Entry, Snapshot} from '../model/snapshot.js'
import {createRouteTable, type RouteTableParts} from '../table/route-table.js'
import {TlsIndex} from '../table/tls-index.js'
import {validateIngress} from '../validation/index.js'
import {BACKEND_PROTOCOL, parseAnnotations, upstreamProtocol, type BackendProtocolValue} from './annotations/index.js'
import {classExclusion, defaultClasses} from './class-selection.js'
import {resolveDefaultBackend, resolveDuplicates, type Ranks} from './conflicts.js'
import {normalizeIngress} from './convert.js'
import {compareIngressAge} from './ingress-order.js'
import {draftRoutes} from './routes.js'
import {indexServices} from './services.js'
import {BackendResolver} from './backends.js'
import {buildTlsBindings} from './tls.js'
import {PathFields} from './where.js'
import {attachActions, isNginxClass} from './actions.js'
import type {NginxConfig} from './nginx/config.js'

export interface CompileOptions {
  /** --ingress-class: only this class (plus class-less Ingresses when it is the default IngressClass). */
  readonly ingressClass?: string
  /** The ingress-nginx controller's ConfigMap settings (default: the controller's defaults). */
  readonly nginxConfig?: NginxConfig
}

export {COMPILER_RULES, type CompilerRuleId} from './rules.js'
export {ANNOTATIONS} from './annotations/index.js'
export {ingressClassOf} from './class-selection.js'

/** Pure: snapshot in, immutable route table (with its diagnostics) out. No I/O, no clock. */
export function compile(snapshot: Snapshot, options: CompileOptions = {}): RouteTable {
  return tableFromParts(compileParts(snapshot, options))
}

/**
 * What compile() decides, before the table is indexed: plain data with no
 * functions, so a worker thread can compile and post it (serve compiles in
 * one, see src/sources/files/load-in-worker.ts). Identity matters: `ranks` is
 * keyed by the routes' own `ingress` objects (one structured clone keeps that).
 */
export interface CompiledParts extends Omit<RouteTableParts, 'prefer'> {
  /** Each accepted Ingress's rank (oldest first), keyed by its routes' `ingress` object. */
  readonly ranks: Ranks
}

/** The indexed, frozen table of compiled parts (routes and bindings must be frozen). */
export function tableFromParts(parts: CompiledParts): RouteTable {
  const {ranks, ...rest} = parts
  return createRouteTable({...rest, prefer: (a, b) => preferSamePrefix(a, b, ranks)})
}

/** Pure: the first half of compile(). */
export function compileParts(snapshot: Snapshot, options: CompileOptions = {}): CompiledParts {
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

  const normalized = accepted.map(normalizeIngress)
  // TLS first: every route carries the binding serving its host (a `*` route only the binding without hosts).
  const tls = buildTlsBindings(normalized)
  const tlsIndex = new TlsIndex(tls.bindings)
  const tlsFor = (host: string) => tlsIndex.lookup(host)
  const services = indexServices(snapshot)
  const backends = new BackendResolver(services)
  const fields = new PathFields()
  const ranks = new Map<ObjectRef, number>()
  let ruleRoutes: Route[] = []
  const defaultRoutes: Route[] = []
  const nginxClass = new Set<object>()
  normalized.forEach((n) => {
    const ann = parseAnnotations(n.entry, isNginxClass(n.entry))
    for (const d of ann.diagnostics) diagnostics.push(d)
    const bp = ann.values[BACKEND_PROTOCOL] as BackendProtocolValue | undefined
    const protocol: UpstreamProtocol | undefined = bp ? upstreamProtocol(bp) : undefined
    const drafts = draftRoutes(n, {backends, annotations: ann.values, protocol, tlsFor, fields})
    const first = drafts.rules[0] ?? drafts.defaultRoute
    if (first) ranks.set(first.ingress, ranks.size)
    if (first && isNginxClass(n.entry)) nginxClass.add(first.ingress)
    for (const r of drafts.rules) ruleRoutes.push(r)
    if (drafts.defaultRoute) defaultRoutes.push(drafts.defaultRoute)
    for (const d of drafts.diagnostics) diagnostics.push(d)
  })

  // default-backend: the named Service of the Ingress's namespace, on its first port (80 when the Service is not in the input).
  const lookup = (namespace: string, name: string) => {
    const port = services.get(`${namespace}/${name}`)?.object.spec?.ports?.[0]?.port ?? 80
    return backends.resolve({kind: 'service', name, port: {number: port}}, namespace, undefined) as ServiceBackend
  }
  ruleRoutes = attachActions(ruleRoutes, nginxClass, options.nginxConfig, lookup)
  // Table order first: duplicates (same host, path and pathType) are then adjacent.
  ruleRoutes.sort(compareRoutes)
  const dups = resolveDuplicates(ruleRoutes, ranks)
  const def = resolveDefaultBackend(defaultRoutes, ranks)
  for (const list of [dups.diagnostics, def.diagnostics, tls.diagnostics]) for (const d of list) diagnostics.push(d)

  return {
    routes: dups.winners,
    ...(def.winner ? {defaultRoute: def.winner} : {}),
    defaultLosers: def.losers,
    duplicates: dups.losers,
    ranks,
    tls: tls.bindings,
    diagnostics: sortDiagnostics(diagnostics),
  }
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
 * without the trailing slash, then the path written first. Negative: `a` wins.
 */
function preferSamePrefix(a: Route, b: Route, ranks: Ranks): number {
  return (
    PATH_TYPE_RANK[a.pathType] - PATH_TYPE_RANK[b.pathType] ||
    (ranks.get(a.ingress) ?? 0) - (ranks.get(b.ingress) ?? 0) ||
    a.path.length - b.path.length ||
    cmp(a.path, b.path) ||
    a.ruleIndex - b.ruleIndex ||
    a.pathIndex - b.pathIndex
  )
}
