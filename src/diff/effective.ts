import type {Route, RouteTable} from '../model/routes.js'
import {outcomeText, requestOutcome} from '../actions/outcome.js'
import {probesFor, type Probe} from './probes.js'
import {backendKey, backendText, routeText} from './route-view.js'
import type {RoutePairing} from './route-changes.js'
import type {ChangedField, EffectiveChange} from './types.js'

/** A change of any of these explains why the route's own requests go elsewhere: the route-level diff already says it. */
const MATCH_OR_BACKEND: ReadonlySet<ChangedField> = new Set<ChangedField>(['path', 'pathType', 'backend', 'port'])

function served(r: Route): {backend: string; route: string} {
  return {backend: backendText(r.backend, r.ingress.namespace), route: routeText(r)}
}

/**
 * Requests whose serving backend changed although the route that served them
 * did not: probes for every route of either table are looked up in both. A
 * request counts when its old route is still there with the same match and
 * backend, yet another route (or none) serves it now — a new or longer rule
 * shadows it, a conflict resolves the other way, a class change drops it.
 */
export function effectiveChanges(before: RouteTable, after: RouteTable, pairing: RoutePairing): EffectiveChange[] {
  const probes = new Map<string, Probe>()
  for (const table of [before, after]) {
    for (const r of table.routes) {
      for (const p of probesFor(r)) probes.set(`${p.host}\u0000${p.path}`, p)
    }
  }
  const out: EffectiveChange[] = []
  for (const p of probes.values()) {
    const was = before.lookup(p.host, p.path).route
    // A default backend serves whatever no rule claims: a new rule taking some of that is the added route itself.
    if (was === undefined || was.defaultBackend) continue
    const now = after.lookup(p.host, p.path).route
    if (now !== undefined && backendKey(now.backend) === backendKey(was.backend)) {
      // Same backend: did what the request becomes change (a rewrite or redirect added, changed or removed)?
      if (was.actions === undefined && now.actions === undefined) continue
      const req = {host: p.host, target: p.path}
      const a = outcomeText(requestOutcome(was, req), p.host)
      const b = outcomeText(requestOutcome(now, req), p.host)
      if (a !== b) out.push({method: 'GET', host: p.host, path: p.path, before: {...served(was), effect: a}, after: {...served(now), effect: b}})
      continue
    }
    const same = pairing.counterpart.get(was)
    if (same === undefined) continue // the route was removed: the route-level diff says so
    if (same.fields.some((f) => MATCH_OR_BACKEND.has(f.field))) continue // its own change explains it
    if (now === same.route) continue
    out.push({method: 'GET', host: p.host, path: p.path, before: served(was), after: now === undefined ? null : served(now)})
  }
  out.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  // `/v1/orders/x` says nothing `/v1/orders` did not: one line per host and before → after.
  const seen = new Set<string>()
  return out.filter((e) => {
    if (e.before.effect !== undefined) return true // each request's effect is its own
    const key = `${e.host}\u0000${e.before.route}\u0000${e.before.backend}\u0000${e.after?.route ?? ''}\u0000${e.after?.backend ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
