import type {Diagnostic} from '../model/diagnostics.js'
import type {LocationMatch, NginxServer} from '../model/locations.js'
import type {MatchResult, Route, RouteTable, TlsBinding} from '../model/routes.js'
import {explain} from './explain.js'
import {HostIndex} from './host-groups.js'
import {normalizeHost} from './host.js'
import {staticServer} from '../compiler/nginx/locations.js'
import {NginxServerMatcher, nginxUri} from './nginx-server.js'
import {requestPath} from './path.js'
import {TlsIndex} from './tls-index.js'

export interface RouteTableParts {
  /** Rule routes, already sorted (the table's order). */
  readonly routes: ReadonlyArray<Route>
  readonly defaultRoute?: Route
  /** Default backends that lost to defaultRoute (explain lists them). */
  readonly defaultLosers?: ReadonlyArray<Route>
  /** Routes dropped as exact duplicates (explain lists them as conflict losers). */
  readonly duplicates?: ReadonlyArray<Route>
  /** Among routes selecting the same requests (same host, same prefix or exact path): < 0 when `a` wins. */
  readonly prefer: (a: Route, b: Route) => number
  readonly tls: ReadonlyArray<TlsBinding>
  readonly diagnostics: ReadonlyArray<Diagnostic>
  /**
   * ingress-nginx servers: their hosts are matched by nginx's location
   * selection over these locations instead of the trie (their routes are in
   * `routes` too, for listing).
   */
  readonly nginxServers?: ReadonlyArray<NginxServer>
  /** ingress-nginx hosts without regex: their routes are in the trie; their locations are built when asked for. */
  readonly nginxStaticHosts?: ReadonlyArray<string>
}

/**
 * A lookup's answer when a route serves the request. Its `route` field is
 * first set to undefined, then to the route: with values of two kinds stored,
 * V8 keeps the field generic. While every value stored in a field has one map,
 * V8 records that map for the field and checks the map of each value stored,
 * which reads the Route object itself: at 100,000 routes a cache miss that the
 * lookup does not otherwise pay (about 200 of 600 ns per lookup on Node 24),
 * whether or not the caller then reads the route. An object literal
 * `{matched: true, route, host, path}` paid it.
 */
class Matched implements MatchResult {
  readonly matched = true
  readonly route: Route | undefined = undefined
  readonly host: string
  readonly path: string

  constructor(route: Route, host: string, path: string) {
    this.route = route
    this.host = host
    this.path = path
  }
}

/** A match on an ingress-nginx host: with the nginx location that served (a subclass, so spec lookups keep Matched's shape). */
class LocatedMatch extends Matched {
  readonly location: LocationMatch

  constructor(route: Route, host: string, path: string, location: LocationMatch) {
    super(route, host, path)
    this.location = location
  }
}

/**
 * Whether nginx's URI normalization leaves `path` as it is: no %-escape, no
 * `//`, no `.` or `..` segment, ASCII only. One pass, no allocation.
 */
function isNormalUri(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i)
    // A %-escape, or a byte nginx compares as UTF-8 (the trie compares code units).
    if (c === 37 /* % */ || c >= 0x80) return false
    if (c !== 47 /* / */) continue
    const n = path.charCodeAt(i + 1)
    if (n === 47) return false
    if (n === 46 /* . */) {
      const m = path.charCodeAt(i + 2)
      // `/.` at the end, `/./`, `/..` at the end, `/../`.
      if (m !== m || m === 47 || (m === 46 && (i + 3 === path.length || path.charCodeAt(i + 3) === 47))) return false
    }
  }
  return true
}

/** Builds the indexed, frozen RouteTable. Routes and bindings must already be frozen. */
export function createRouteTable(parts: RouteTableParts): RouteTable {
  const index = new HostIndex()
  const regexServers = parts.nginxServers ?? []
  // Regex-mode hosts are matched by their locations; every other host (ingress-nginx without regex
  // included: its locations select what the element-wise trie selects) by the packed trie.
  const regexHosts = new Set(regexServers.map((s) => s.host))
  const staticHosts = new Set(parts.nginxStaticHosts ?? [])
  const staticNginx = staticHosts.size > 0
  /** Prefix routes of ingress-nginx hosts without regex whose path ends with `/`: `/foo/` answers `/foo` with a 301. */
  const slashRoutes = new Set<Route>()
  /** An Exact path ending with `/` on such a host: its name without the slash is a 301 too (looked up by location). */
  let exactSlash = false
  for (const r of parts.routes) {
    if (regexHosts.size > 0 && regexHosts.has(r.host)) continue
    index.group(r.host).insert(r, parts.prefer)
    if (staticNginx && r.path.length > 1 && r.path.endsWith('/') && staticHosts.has(r.host)) {
      if (r.pathType === 'Exact') exactSlash = true
      else slashRoutes.add(r)
    }
  }
  for (const s of regexServers) index.group(s.host).attachNginx(new NginxServerMatcher(s))
  for (const h of staticHosts) index.group(h).describeNginxLazily(staticServer)
  index.seal()
  let allServers: ReadonlyArray<NginxServer> | undefined
  /** Every ingress-nginx server, sorted by host (the ones without regex built now). */
  const nginxServers = (): ReadonlyArray<NginxServer> =>
    (allServers ??= Object.freeze(
      [...regexServers, ...[...staticHosts].map((h) => index.group(h).nginx!.server)].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0)),
    ))
  for (const r of parts.duplicates ?? []) index.group(r.host).duplicates.push(r)
  const tlsIndex = new TlsIndex(parts.tls)
  const defaultRoute = parts.defaultRoute
  const ctx = {index, defaultRoute, defaultLosers: parts.defaultLosers ?? []}

  const routes = Object.freeze(defaultRoute ? [...parts.routes, defaultRoute] : [...parts.routes])
  const hosts = Object.freeze([...new Set(parts.routes.map((r) => r.host))].sort())

  /** An ingress-nginx host's answer, or undefined when the host selected is not one. */
  const nginxLookup = (host: string, path: string): MatchResult | undefined => {
    const matcher = index.matching(host)[0]?.nginx
    if (matcher === undefined) return undefined
    const uri = nginxUri(path)
    // nginx answers 400 to a URI it cannot normalize (`..` above the root, a bad %-escape): no route serves it.
    if (uri === undefined) return {matched: false, host, path}
    const hit = matcher.select(uri)
    const route = hit?.location.route ?? defaultRoute
    if (route === undefined) return {matched: false, host, path, ...(hit ? {location: hit.match} : {})}
    return hit ? new LocatedMatch(route, host, path, hit.match) : new Matched(route, host, path)
  }

  const lookup = (rawHost: string, rawPath: string): MatchResult => {
    const host = normalizeHost(rawHost)
    const path = requestPath(rawPath)
    // ingress-nginx hosts without regex: nginx matches the normalized URI; the trie answers for the
    // paths normalization leaves as they are (the common case), the locations for the others.
    if (staticNginx && (exactSlash || !isNormalUri(path))) {
      const answer = nginxLookup(host, path)
      if (answer) return answer
    }
    let route = index.lookup(host, path)
    if (route === undefined) {
      // A regex-mode host's trie is empty: its locations decide (only tables that have such hosts look).
      if (regexHosts.size > 0) {
        const answer = nginxLookup(host, path)
        if (answer) return answer
      }
      route = defaultRoute
    } else if (slashRoutes.size > 0 && slashRoutes.has(route) && route.path.length === path.length + 1 && route.path.startsWith(path)) {
      // nginx: the location /foo/ answers /foo with a 301 to /foo/ (proxy_pass sets auto_redirect).
      return new LocatedMatch(route, host, path, {modifier: '', path: route.path, uri: path, slashRedirect: true})
    }
    return route === undefined ? {matched: false, host, path} : new Matched(route, host, path)
  }

  const table: RouteTable = {
    routes,
    ...(defaultRoute ? {defaultRoute} : {}),
    tls: Object.freeze([...parts.tls]),
    diagnostics: Object.freeze([...parts.diagnostics]),
    hosts,
    get nginxServers() {
      return nginxServers()
    },
    lookup,
    explain: (host: string, path: string) => explain(ctx, host, path),
    tlsFor: (serverName: string) => tlsIndex.lookup(serverName),
  }
  return Object.freeze(table)
}
