import type {Candidate, Explanation, Route, RouteTable} from '../../model/routes.js'

/** A concrete request host for a route's host: `*.foo.com` → `x.foo.com`, `*` (no host) → a host no rule names. */
export function sampleHost(host: string): string {
  if (host === '*' || host === '') return 'host.invalid'
  if (host.startsWith('*.')) return `x${host.slice(1)}`
  return host
}

/** Reasons under which a losing candidate is really overridden by the winner (not merely unrelated). */
const OVERRIDE_REASONS: ReadonlySet<string> = new Set(['shorter-path', 'prefix-loses-to-exact', 'conflict-loser', 'less-specific-host'])

export interface ShadowReport {
  /** The request checked: the route's own host and path. */
  readonly host: string
  readonly path: string
  readonly explanation: Explanation
  /** The route serving that request when it is not this route. */
  readonly shadowedBy?: Route
  /** Why this route lost there. */
  readonly lossDetail?: string
  /** Routes this route wins over at its own host and path. */
  readonly winsOver: ReadonlyArray<Candidate>
}

/**
 * Shadowing as the table itself decides it: explain() the route's own host and
 * path; if another route serves it, that route shadows this one; the candidates
 * this route beats there are the routes it shadows.
 */
export function shadowReport(table: RouteTable, route: Route): ShadowReport {
  const host = sampleHost(route.host)
  const path = route.defaultBackend ? '/' : route.path
  const explanation = table.explain(host, path)
  const winner = explanation.route
  if (winner && winner.id === route.id && sameIngress(winner, route)) {
    // A conflict loser lost to the same host/path/pathType of an older Ingress: only this route's own duplicates count.
    const winsOver = explanation.candidates.filter((c) => OVERRIDE_REASONS.has(c.reason) && (c.reason === 'conflict-loser') === (c.route.id === route.id))
    return {host, path, explanation, winsOver}
  }
  const mine = explanation.candidates.find((c) => c.route.id === route.id && sameIngress(c.route, route))
  return {
    host,
    path,
    explanation,
    ...(winner ? {shadowedBy: winner} : {}),
    ...(mine ? {lossDetail: mine.detail} : {}),
    winsOver: [],
  }
}

function sameIngress(a: Route, b: Route): boolean {
  return a.ingress.namespace === b.ingress.namespace && a.ingress.name === b.ingress.name
}
