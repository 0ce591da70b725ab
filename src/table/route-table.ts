import type {Diagnostic} from '../model/diagnostics.js'
import type {NginxConfig} from '../compiler/nginx/config.js'
import type {MatchResult, Route, RouteTable, TlsBinding} from '../model/routes.js'
import {explain} from './explain.js'
import {HostIndex} from './host-groups.js'
import {normalizeHost} from './host.js'
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
  /** The ingress-nginx controller settings the table was compiled with. */
  readonly nginx?: NginxConfig
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

/** Builds the indexed, frozen RouteTable. Routes and bindings must already be frozen. */
export function createRouteTable(parts: RouteTableParts): RouteTable {
  const index = new HostIndex()
  for (const r of parts.routes) index.group(r.host).insert(r, parts.prefer)
  index.seal()
  for (const r of parts.duplicates ?? []) index.group(r.host).duplicates.push(r)
  const tlsIndex = new TlsIndex(parts.tls)
  const defaultRoute = parts.defaultRoute
  const ctx = {index, defaultRoute, defaultLosers: parts.defaultLosers ?? []}

  const routes = Object.freeze(defaultRoute ? [...parts.routes, defaultRoute] : [...parts.routes])
  const hosts = Object.freeze([...new Set(parts.routes.map((r) => r.host))].sort())

  const lookup = (rawHost: string, rawPath: string): MatchResult => {
    const host = normalizeHost(rawHost)
    const path = requestPath(rawPath)
    const route = index.lookup(host, path) ?? defaultRoute
    return route === undefined ? {matched: false, host, path} : new Matched(route, host, path)
  }

  const table: RouteTable = {
    routes,
    ...(defaultRoute ? {defaultRoute} : {}),
    tls: Object.freeze([...parts.tls]),
    diagnostics: Object.freeze([...parts.diagnostics]),
    ...(parts.nginx ? {nginx: parts.nginx} : {}),
    hosts,
    lookup,
    explain: (host: string, path: string) => explain(ctx, host, path),
    tlsFor: (serverName: string) => tlsIndex.lookup(serverName),
  }
  return Object.freeze(table)
}
