import type {MatchResult, RouteTable, TlsBinding, Explanation} from '../model/routes.js'
import type {Resolution, UpstreamResolver} from '../model/upstreams.js'

/** What the gateway serves: a route table and the resolver for its backends, swapped together. */
export interface GatewayState {
  readonly table: RouteTable
  readonly resolver: UpstreamResolver
}

const NO_MATCH = (host: string, path: string): MatchResult => ({matched: false, host, path})

/** A table with no routes (every request gets 404) for a gateway started before its first table. */
export function emptyState(): GatewayState {
  const table: RouteTable = {
    routes: [],
    tls: [],
    diagnostics: [],
    hosts: [],
    lookup: (host, path) => NO_MATCH(host, path),
    explain: (host, path): Explanation => ({...NO_MATCH(host, path), candidates: [], steps: ['no routes are loaded']}),
    tlsFor: (): TlsBinding | undefined => undefined,
  }
  const resolver: UpstreamResolver = {
    resolve: (): Resolution => ({kind: 'unresolved', reason: 'no routes are loaded', hint: 'load Ingress manifests'}),
  }
  return {table, resolver}
}
