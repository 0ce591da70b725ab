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
import {removedApiVersion} from './api-versions.js'
import {classExclusion, defaultClasses} from './class-selection.js'
import {resolveDefaultBackend, resolveDuplicates, type Ranks} from './conflicts.js'
import {normalizeIngress} from './convert.js'
import {compareIngressAge} from './ingress-order.js'
import {draftRoutes} from './routes.js'
import {indexServices} from './services.js'
import {BackendResolver} from './backends.js'
import {buildTlsBindings} from './tls.js'
import {PathFields, ingressLabel, ingressRef, locationOf} from './where.js'
import type {NginxConfig} from './nginx/config.js'
import {attachActions} from './actions.js'
import {buildNginxServers, compareNginxIngressOrder, nginxPathAnnotations, strictPathViolations, type NginxPathAnnotations} from './nginx/locations.js'
import {ProfileSelector, type ControllerChoice} from './profile.js'
import type {ControllerProfile} from '../model/profile.js'
import {resolveNginxConfig} from './nginx/configmap.js'

export interface CompileOptions {
  /** --ingress-class: only this class (plus class-less Ingresses when it is the default IngressClass). */
  readonly ingressClass?: string
  /** --controller: `auto` (default) chooses each Ingress's profile (./profile.ts); the others force one for all. */
  readonly controller?: ControllerChoice
  /** --controller-config NAMESPACE/NAME: the ingress-nginx controller ConfigMap (default: found by name, then by labels; see ./nginx/configmap.ts). */
  readonly controllerConfig?: string
  /** The ingress-nginx controller settings to compile with, instead of the ConfigMap found in the snapshot (API callers and tests). */
  readonly nginxConfig?: NginxConfig
}

export {COMPILER_RULES, type CompilerRuleId} from './rules.js'
export {ANNOTATIONS} from './annotations/index.js'
export {ingressClassOf} from './class-selection.js'
export {CONTROLLER_CHOICES, type ControllerChoice} from './profile.js'
export {describeNginxConfig} from './nginx/configmap.js'

/** Compile options from --ingress-class, --controller and --controller-config values (`auto` and absent values are left out). */
export function compileOptionsOf(flags: {
  readonly 'ingress-class'?: string | undefined
  readonly controller?: string | undefined
  readonly 'controller-config'?: string | undefined
}): CompileOptions {
  const c = flags.controller
  return {
    ...(flags['ingress-class'] ? {ingressClass: flags['ingress-class']} : {}),
    ...(c === 'ingress-nginx' || c === 'spec' ? {controller: c} : {}),
    ...(flags['controller-config'] ? {controllerConfig: flags['controller-config']} : {}),
  }
}

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
  const nginx = options.nginxConfig ? {config: options.nginxConfig, diagnostics: []} : resolveNginxConfig(snapshot, options.controllerConfig)
  for (const d of nginx.diagnostics) diagnostics.push(d)
  const defaults = defaultClasses(snapshot)
  const accepted: Entry<Ingress>[] = []
  const profiles = new ProfileSelector(snapshot, options.controller ?? 'auto')
  const profileOf = new Map<Entry<Ingress>, ControllerProfile>()
  const strictPaths = strictValidatePathType(nginx.config)
  for (const e of snapshot.ingresses) {
    const found = validateIngress(e)
    for (const d of found) diagnostics.push(d)
    // The API server would have rejected this object: it cannot be in a cluster, so it serves nothing.
    if (hasErrors(found)) continue
    const removed = removedApiVersion(e)
    if (removed) diagnostics.push(removed)
    const excluded = classExclusion(e, options.ingressClass, defaults)
    if (excluded) {
      diagnostics.push(excluded)
      continue
    }
    const profile = profiles.profileOf(e)
    if (profile.name === 'ingress-nginx' && strictPaths) {
      const rejected = rejectedPaths(e)
      if (rejected.length > 0) {
        for (const d of rejected) diagnostics.push(d)
        continue
      }
    }
    profileOf.set(e, profile)
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
  const nginxAnnotations = new Map<ObjectRef, NginxPathAnnotations>()
  const refOf = new Map<Entry<Ingress>, ObjectRef>()
  normalized.forEach((n) => {
    const profile = profileOf.get(n.entry)!
    const ann = parseAnnotations(n.entry, nginx.config, profile.name)
    for (const d of ann.diagnostics) diagnostics.push(d)
    const bp = ann.values[BACKEND_PROTOCOL] as BackendProtocolValue | undefined
    const protocol: UpstreamProtocol | undefined = bp ? upstreamProtocol(bp) : undefined
    const drafts = draftRoutes(n, {backends, annotations: ann.values, protocol, tlsFor, fields, profile})
    const first = drafts.rules[0] ?? drafts.defaultRoute
    if (first) {
      ranks.set(first.ingress, ranks.size)
      refOf.set(n.entry, first.ingress)
      if (profile.name === 'ingress-nginx') nginxAnnotations.set(first.ingress, nginxPathAnnotations(n.entry))
    }
    for (const r of drafts.rules) ruleRoutes.push(r)
    if (drafts.defaultRoute) defaultRoutes.push(drafts.defaultRoute)
    for (const d of drafts.diagnostics) diagnostics.push(d)
  })

  // default-backend: the named Service of the Ingress's namespace, on its first port (80 when the Service is not in the input).
  const lookup = (namespace: string, name: string) => {
    const port = services.get(`${namespace}/${name}`)?.object.spec?.ports?.[0]?.port ?? 80
    return backends.resolve({kind: 'service', name, port: {number: port}}, namespace, undefined) as ServiceBackend
  }
  ruleRoutes = attachActions(ruleRoutes, nginx.config, lookup)
  // Hosts with an ingress-nginx route are ingress-nginx servers: their locations are built as the controller builds them.
  const nginxHosts = new Set<string>()
  for (const r of ruleRoutes) if (r.profile?.name === 'ingress-nginx') nginxHosts.add(r.host)
  // Table order first: duplicates (same host, path and pathType) are then adjacent.
  ruleRoutes.sort(compareRoutes)
  const specRoutes = nginxHosts.size === 0 ? ruleRoutes : ruleRoutes.filter((r) => !nginxHosts.has(r.host))
  const nginxRoutes = nginxHosts.size === 0 ? [] : ruleRoutes.filter((r) => nginxHosts.has(r.host))
  const dups = resolveDuplicates(specRoutes, ranks)
  let winners = dups.winners
  let losers = dups.losers
  let nginxServers: CompiledParts['nginxServers']
  let nginxStaticHosts: CompiledParts['nginxStaticHosts']
  if (nginxRoutes.length > 0) {
    const order = new Map<ObjectRef, number>()
    ;[...refOf.keys()].sort(compareNginxIngressOrder).forEach((e) => order.set(refOf.get(e)!, order.size))
    for (const d of mixedHostWarnings(nginxRoutes)) diagnostics.push(d)
    const built = buildNginxServers(nginxRoutes, order, nginxAnnotations)
    for (const d of built.diagnostics) diagnostics.push(d)
    const won = new Set(built.winners)
    const nginxWinners = built.losers.length === 0 ? nginxRoutes : nginxRoutes.filter((r) => won.has(r))
    winners = winners.length === 0 ? nginxWinners : mergeSorted(winners, nginxWinners)
    if (built.losers.length > 0) losers = [...losers, ...built.losers]
    nginxServers = built.servers
    nginxStaticHosts = built.staticHosts
  }
  const def = resolveDefaultBackend(defaultRoutes, ranks)
  for (const list of [dups.diagnostics, def.diagnostics, tls.diagnostics]) for (const d of list) diagnostics.push(d)

  return {
    routes: winners,
    ...(def.winner ? {defaultRoute: def.winner} : {}),
    defaultLosers: def.losers,
    duplicates: losers,
    ...(nginxServers ? {nginxServers} : {}),
    ...(nginxStaticHosts ? {nginxStaticHosts} : {}),
    ranks,
    tls: tls.bindings,
    diagnostics: sortDiagnostics(diagnostics),
    nginx: nginx.config,
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

/** Two lists in table order, merged in table order. */
function mergeSorted(a: readonly Route[], b: readonly Route[]): Route[] {
  const out: Route[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) out.push(compareRoutes(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!)
  while (i < a.length) out.push(a[i++]!)
  while (j < b.length) out.push(b[j++]!)
  return out
}

/** `strict-validate-path-type` (ConfigMap; default true since ingress-nginx controller v1.12.0). */
function strictValidatePathType(config: NginxConfig | undefined): boolean {
  const raw = config?.raw['strict-validate-path-type']
  // The controller reads the ConfigMap value with strconv.ParseBool; a value it cannot parse leaves the default.
  if (raw === undefined) return true
  return !['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)
}

/** ingress-nginx's admission webhook refuses an Ingress with an Exact or Prefix path outside `^/[[:alnum:]._\-/]*$`. */
function rejectedPaths(e: Entry<Ingress>): Diagnostic[] {
  return strictPathViolations(e).map((v) => ({
    rule: 'nginx-path-rejected',
    severity: 'error' as const,
    message: `${ingressLabel(e)}: path ${JSON.stringify(v.path)} cannot be used with pathType ${v.pathType}: ingress-nginx (strict-validate-path-type, on by default since v1.12) refuses the Ingress, so it serves nothing`,
    object: ingressRef(e),
    location: locationOf(e, ['spec', 'rules', v.ruleIndex, 'http', 'paths', v.pathIndex, 'path']),
    hint: 'Exact and Prefix paths may hold only letters, digits, ".", "_", "-" and "/"; for a regex use pathType ImplementationSpecific with nginx.ingress.kubernetes.io/use-regex: "true" (or set strict-validate-path-type: "false" in the controller ConfigMap).',
  }))
}

/** A host with routes of both profiles is served as an ingress-nginx server: each `spec` Ingress there is told. */
function mixedHostWarnings(routes: readonly Route[]): Diagnostic[] {
  const out: Diagnostic[] = []
  const seen = new Set<string>()
  for (const r of routes) {
    if (r.profile?.name === 'ingress-nginx') continue
    const key = `${r.host}|${r.ingress.namespace}/${r.ingress.name}`
    if (seen.has(key)) continue
    seen.add(key)
    const other = routes.find((x) => x.host === r.host && x.profile?.name === 'ingress-nginx')!
    out.push({
      rule: 'mixed-controller-host',
      severity: 'warning',
      message: `Ingress ${r.ingress.namespace}/${r.ingress.name} (profile spec: ${r.profile?.reason ?? 'default'}) shares host ${r.host} with the ingress-nginx Ingress ${other.ingress.namespace}/${other.ingress.name}: ingressctl serves the host as one ingress-nginx server, so this Ingress's paths follow ingress-nginx's location rules there`,
      object: r.ingress,
      ...(r.location ? {location: r.location} : {}),
      hint: 'Give both Ingresses the same class, or run with --controller spec or --controller ingress-nginx to choose one behaviour for all.',
    })
  }
  return out
}
