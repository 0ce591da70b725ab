/**
 * The locations ingress-nginx writes for each host (an nginx `server`), built
 * the way its controller and template build them (kubernetes/ingress-nginx:
 * internal/ingress/controller/controller.go getBackendServers,
 * internal/ingress/controller/location.go updateServerLocations,
 * internal/ingress/controller/template/template.go buildLocation and
 * enforceRegexModifier, internal/k8s/main.go SetDefaultNGINXPathType):
 *
 * 1. Every server starts with its own `/` location (the default backend).
 *    Ingresses are visited in the controller's order (oldest
 *    creationTimestamp first; equal timestamps by namespace/name, the greater
 *    first), rules and paths in written order. ImplementationSpecific is read
 *    as Prefix. A path already present with the same type is a duplicate: the
 *    first one stays (the server's own `/` is replaced by a `/` path).
 * 2. Locations are sorted by path length, longest first; equal lengths by
 *    path, greatest first (then the order they were added).
 * 3. A Prefix path `/foo` becomes `/foo/` followed by `= /foo` (only `/foo/`
 *    when an Exact `/foo` exists); not when its own Ingress sets use-regex or
 *    rewrite-target, and not for `/`.
 * 4. When any location of the server comes from an Ingress that sets
 *    `use-regex: "true"` or a `rewrite-target` other than its path, every
 *    location is written `~* "^PATH"`; otherwise Exact ones `= PATH` and the
 *    others plain prefix locations `PATH`.
 *
 * Pure; the table (src/table/nginx-server.ts) runs nginx's location selection
 * over the result.
 */
import type {Diagnostic, ObjectRef} from '../../model/diagnostics.js'
import type {NginxLocation, NginxServer} from '../../model/locations.js'
import type {Ingress} from '../../model/objects.js'
import type {Route} from '../../model/routes.js'
import type {Entry} from '../../model/snapshot.js'
import {formatLocation} from '../where.js'
import {translatePcre} from './pcre.js'

export const USE_REGEX = 'nginx.ingress.kubernetes.io/use-regex'
export const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target'

/** What of an Ingress decides its paths' locations. */
export interface NginxPathAnnotations {
  readonly useRegex: boolean
  /** rewrite-target as written (absent or empty: none). */
  readonly rewriteTarget?: string
}

/** Go's strconv.ParseBool, which ingress-nginx's GetBoolAnnotation uses: anything else is an error and the default (false) applies. */
export function parseGoBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return undefined
}

export function nginxPathAnnotations(e: Entry<Ingress>): NginxPathAnnotations {
  const a = e.object.metadata?.annotations ?? {}
  const target = a[REWRITE_TARGET]
  return {useRegex: parseGoBool(a[USE_REGEX]) === true, ...(typeof target === 'string' && target !== '' ? {rewriteTarget: target} : {})}
}

/**
 * ingress-nginx's order of Ingresses (store.go sortIngressSlice): oldest
 * creationTimestamp first; equal timestamps (files without one, most often)
 * by `namespace/name`, the greater first. Negative: `a` first.
 */
export function compareNginxIngressOrder(a: Entry<Ingress>, b: Entry<Ingress>): number {
  const ta = stamp(a)
  const tb = stamp(b)
  if (ta !== tb) return ta - tb
  const na = `${a.namespace}/${a.name}`
  const nb = `${b.namespace}/${b.name}`
  return na > nb ? -1 : na < nb ? 1 : 0
}

function stamp(e: Entry<Ingress>): number {
  const raw = e.object.metadata?.creationTimestamp
  const t = typeof raw === 'string' ? Date.parse(raw) : NaN
  // Go's zero time sorts before every real timestamp.
  return Number.isNaN(t) ? -Infinity : t
}

/** A path's type as ingress-nginx reads it: ImplementationSpecific (and none) is Prefix. */
function nginxType(r: Route): 'Exact' | 'Prefix' {
  return r.pathType === 'Exact' ? 'Exact' : 'Prefix'
}

interface Loc {
  path: string
  type: 'Exact' | 'Prefix'
  route?: Route
  isDefault: boolean
  origin: NginxLocation['origin']
  /** Its own Ingress sets use-regex, or a rewrite-target other than the path. */
  regexOwn: boolean
}

export interface NginxServersResult {
  /** The servers in regex mode, with their locations (the others: see staticServer). */
  readonly servers: NginxServer[]
  /** Hosts without regex: their winners are matched by the element-wise trie, their locations built on demand (staticServer). */
  readonly staticHosts: string[]
  /** Routes that serve (one per location path and type). */
  readonly winners: Route[]
  /** Routes dropped as duplicates of a winner. */
  readonly losers: Route[]
  readonly diagnostics: Diagnostic[]
}

/**
 * The servers of the given hosts. `routes` are every rule route of those
 * hosts; `order` ranks their Ingresses in the controller's order (0 first);
 * `annotations` gives each Ingress's use-regex and rewrite-target.
 */
export function buildNginxServers(
  routes: readonly Route[],
  order: ReadonlyMap<ObjectRef, number>,
  annotations: ReadonlyMap<ObjectRef, NginxPathAnnotations>,
): NginxServersResult {
  const byHost = new Map<string, Route[]>()
  for (const r of routes) {
    let list = byHost.get(r.host)
    if (!list) byHost.set(r.host, (list = []))
    list.push(r)
  }
  const servers: NginxServer[] = []
  const staticHosts: string[] = []
  const winners: Route[] = []
  const losers: Route[] = []
  const diagnostics: Diagnostic[] = []
  for (const host of [...byHost.keys()].sort()) {
    const list = byHost.get(host)!
    if (list.length > 1) list.sort((a, b) => (order.get(a.ingress) ?? 0) - (order.get(b.ingress) ?? 0) || a.ruleIndex - b.ruleIndex || a.pathIndex - b.pathIndex)
    let regexBecause: NginxServer['regexBecause']
    const locs = collect(list, (r) => {
      const ann = annotations.get(r.ingress)
      if (ann === undefined) return false
      const path = r.path === '' ? '/' : r.path
      const regexOwn = ann.useRegex || (ann.rewriteTarget !== undefined && ann.rewriteTarget !== path)
      if (regexOwn && !regexBecause) regexBecause = {ingress: r.ingress, annotation: ann.useRegex ? USE_REGEX : REWRITE_TARGET}
      return regexOwn
    }, winners, (l, w) => {
      losers.push(l)
      diagnostics.push(duplicateDiagnostic(l, w))
    })
    if (regexBecause === undefined) {
      staticHosts.push(host)
      continue
    }
    servers.push(serverOf(host, locs, regexBecause, diagnostics))
  }
  return {servers, staticHosts, winners, losers, diagnostics}
}

/** The locations of a host without regex, from its winning routes (in the controller's order of Ingresses). */
export function staticServer(host: string, routes: readonly Route[]): NginxServer {
  return serverOf(host, collect(routes, () => false, [], () => undefined), undefined, [])
}

/** controller.go getBackendServers: the server's own `/`, then each path unless one of the same path and type is there. */
function collect(list: readonly Route[], regexOwnOf: (r: Route) => boolean, winners: Route[], duplicate: (loser: Route, winner: Route) => void): Loc[] {
  const locs: Loc[] = [{path: '/', type: 'Prefix', isDefault: true, origin: 'server-default', regexOwn: false}]
  for (const r of list) {
    const type = nginxType(r)
    const path = r.path === '' ? '/' : r.path
    const regexOwn = regexOwnOf(r)
    let add = true
    for (const loc of locs) {
      if (loc.path !== path) continue
      // Same path, another type: both stay (controller.go: "Same paths but different types are allowed").
      if (loc.type !== type) break
      add = false
      if (loc.isDefault) {
        loc.route = r
        loc.isDefault = false
        loc.origin = 'path'
        loc.regexOwn = regexOwn
        winners.push(r)
      } else duplicate(r, loc.route!)
      break
    }
    if (add) {
      locs.push({path, type, route: r, isDefault: false, origin: 'path', regexOwn})
      winners.push(r)
    }
  }
  return locs
}

function serverOf(host: string, locs: Loc[], regexBecause: NginxServer['regexBecause'], diagnostics: Diagnostic[]): NginxServer {
  // Two stable sorts, as the controller does: by path (greatest first), then by length (longest first).
  locs.sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0))
  locs.sort((a, b) => b.path.length - a.path.length)
  const expanded = expandPrefixes(locs)
  const regexMode = regexBecause !== undefined
  const out: NginxLocation[] = []
  for (const loc of expanded) {
    const base = {...(loc.route ? {route: loc.route} : {}), origin: loc.origin}
    if (!regexMode) {
      out.push(Object.freeze({modifier: loc.type === 'Exact' ? '=' : '', path: loc.path, ...base}))
      continue
    }
    const regex = `^${loc.path}`
    const t = translatePcre(regex, true)
    out.push(Object.freeze({modifier: '~*', path: regex, ...base, regex: t.ok ? {source: t.source, flags: t.flags} : {refused: t.construct}}))
    if (!t.ok && loc.route) diagnostics.push(refusedDiagnostic(loc.route, regex, t.construct))
  }
  return Object.freeze({host, regexMode, ...(regexBecause ? {regexBecause} : {}), locations: Object.freeze(out)})
}

/** location.go updateServerLocations: a Prefix path also gets an exact location, its prefix one ends with `/`. */
function expandPrefixes(locs: readonly Loc[]): Loc[] {
  const exact = new Set(locs.filter((l) => l.type === 'Exact').map((l) => l.path))
  const out: Loc[] = []
  for (const loc of locs) {
    if (loc.path === '/' || loc.type !== 'Prefix' || loc.regexOwn) {
      out.push(loc)
      continue
    }
    const slash = loc.path.endsWith('/') ? loc.path : `${loc.path}/`
    out.push({...loc, path: slash, origin: 'prefix-slash'})
    if (!exact.has(loc.path)) out.push({...loc, type: 'Exact', origin: 'prefix-exact'})
  }
  return out
}

function duplicateDiagnostic(l: Route, w: Route): Diagnostic {
  const lName = `${l.ingress.namespace}/${l.ingress.name}`
  const wName = `${w.ingress.namespace}/${w.ingress.name}`
  const type = nginxType(l)
  const what = `host ${l.host} path ${l.path} (${l.pathType}${l.pathType !== type ? `, read as ${type} by ingress-nginx` : ''})`
  const same = lName === wName
  const message = same
    ? `Ingress ${lName}: ${what} is declared twice; ingress-nginx uses the first one (${formatLocation(w.location)}) and ignores this one`
    : `Ingress ${lName}: ${what} is also declared by Ingress ${wName} (${formatLocation(w.location)}), which ingress-nginx uses (it comes first in the controller's order: oldest creationTimestamp, then namespace/name from the greatest); this one is ignored`
  return {
    rule: 'duplicate-route',
    severity: 'warning',
    message,
    object: l.ingress,
    ...(l.location ? {location: l.location} : {}),
    hint: same ? 'Remove the repeated path.' : `Keep this path in one Ingress only; ingress-nginx's admission webhook refuses a new Ingress that repeats a host and path.`,
    related: [{message: `Ingress ${wName} declares ${w.pathType} ${w.path} and wins`, object: w.ingress, ...(w.location ? {location: w.location} : {})}],
  }
}

function refusedDiagnostic(r: Route, regex: string, construct: string): Diagnostic {
  return {
    rule: 'nginx-regex-unsupported',
    severity: 'error',
    message: `Ingress ${r.ingress.namespace}/${r.ingress.name}: host ${r.host} path ${r.path} is the nginx regex location ~* "${regex}", which uses ${construct}: ingressctl cannot match it as nginx (PCRE) would, so the location never matches here`,
    object: r.ingress,
    ...(r.location ? {location: r.location} : {}),
    hint: 'Rewrite the path without that construct (nginx matches it with PCRE; ingressctl translates PCRE to JavaScript only where the meaning is the same).',
  }
}

/**
 * ingress-nginx's path check (inspector.ValidatePathType; applied by its
 * admission webhook when `strict-validate-path-type` is true, the default
 * since controller v1.12.0): an Exact or Prefix path must match
 * `^/[[:alnum:]._\-/]*$` (case-insensitive). Returns the offending paths.
 */
export function strictPathViolations(e: Entry<Ingress>): Array<{ruleIndex: number; pathIndex: number; path: string; pathType: string}> {
  const out: Array<{ruleIndex: number; pathIndex: number; path: string; pathType: string}> = []
  const rules = e.object.spec?.rules
  if (!Array.isArray(rules)) return out
  rules.forEach((rule, ruleIndex) => {
    const paths = rule?.http?.paths
    if (!Array.isArray(paths)) return
    paths.forEach((p, pathIndex) => {
      const path = p?.path
      if (typeof path !== 'string' || path === '') return
      // A missing pathType is ImplementationSpecific once the API server has defaulted it.
      if (p.pathType !== 'Exact' && p.pathType !== 'Prefix') return
      if (!/^\/[A-Za-z0-9._\-/]*$/.test(path)) out.push({ruleIndex, pathIndex, path, pathType: p.pathType})
    })
  })
  return out
}
