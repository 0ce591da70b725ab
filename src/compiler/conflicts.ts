/**
 * Rules for the same host from several Ingresses merge into one table. When
 * two of them declare the same host, path and pathType, one must win: the
 * oldest Ingress (creationTimestamp, then namespace/name — ingress-nginx's
 * order), and within one Ingress the path written first. The losers are kept
 * aside for explain() and each gets a `duplicate-route` warning naming both.
 */
import type {Diagnostic} from '../model/diagnostics.js'
import type {ObjectRef} from '../model/diagnostics.js'
import type {Route} from '../model/routes.js'
import {formatLocation} from './where.js'

/** Precedence rank of each accepted Ingress (0 = oldest), by its shared ObjectRef. */
export type Ranks = ReadonlyMap<ObjectRef, number>

/** Negative when `a` wins: the older Ingress, then the path written first. */
export function compareByAge(a: Route, b: Route, ranks: Ranks): number {
  const ra = ranks.get(a.ingress) ?? 0
  const rb = ranks.get(b.ingress) ?? 0
  if (ra !== rb) return ra - rb
  if (a.ruleIndex !== b.ruleIndex) return a.ruleIndex - b.ruleIndex
  return a.pathIndex - b.pathIndex
}

/**
 * Splits routes into winners and duplicate losers. `sorted` must be in table
 * order (host, path, pathType: see compareRoutes), so the routes declaring the
 * same host, path and pathType are next to each other; the winners keep that order.
 */
export function resolveDuplicates(sorted: readonly Route[], ranks: Ranks): {winners: Route[]; losers: Route[]; diagnostics: Diagnostic[]} {
  const winners: Route[] = []
  const losers: Route[] = []
  const diagnostics: Diagnostic[] = []
  for (let i = 0; i < sorted.length; ) {
    let end = i + 1
    while (end < sorted.length && sameRule(sorted[i]!, sorted[end]!)) end++
    let winner = sorted[i]!
    for (let k = i + 1; k < end; k++) if (compareByAge(sorted[k]!, winner, ranks) < 0) winner = sorted[k]!
    winners.push(winner)
    for (let k = i; k < end; k++) {
      const r = sorted[k]!
      if (r === winner) continue
      losers.push(r)
      diagnostics.push(duplicateDiagnostic(r, winner))
    }
    i = end
  }
  return {winners, losers, diagnostics}
}

/** Same host, path and pathType: the same route id. */
function sameRule(a: Route, b: Route): boolean {
  return a.host === b.host && a.path === b.path && a.pathType === b.pathType
}

function duplicateDiagnostic(l: Route, w: Route): Diagnostic {
  const lName = `${l.ingress.namespace}/${l.ingress.name}`
  const wName = `${w.ingress.namespace}/${w.ingress.name}`
  const what = `host ${l.host} path ${l.path} (${l.pathType})`
  const same = lName === wName
  const message = same
    ? `Ingress ${lName}: ${what} is declared twice; the first one (${formatLocation(w.location)}) is used and this one is ignored`
    : `Ingress ${lName}: ${what} is also declared by Ingress ${wName} (${formatLocation(w.location)}), which wins as the older Ingress; this one is ignored`
  return {
    rule: 'duplicate-route',
    severity: 'warning',
    message,
    object: l.ingress,
    ...(l.location ? {location: l.location} : {}),
    hint: same ? 'Remove the repeated path.' : `Keep ${what} in one Ingress only (or give the paths different hosts or paths).`,
    related: [{message: `Ingress ${wName} declares ${what} and wins`, object: w.ingress, ...(w.location ? {location: w.location} : {})}],
  }
}

/**
 * spec.defaultBackend handles requests that match no rule
 * (https://kubernetes.io/docs/concepts/services-networking/ingress/#default-backend).
 * Several Ingresses with one: the oldest is used; each other gets a warning.
 */
export function resolveDefaultBackend(routes: readonly Route[], ranks: Ranks): {winner?: Route; losers: Route[]; diagnostics: Diagnostic[]} {
  if (routes.length === 0) return {losers: [], diagnostics: []}
  const [winner, ...losers] = [...routes].sort((a, b) => compareByAge(a, b, ranks))
  const w = winner!
  const wName = `${w.ingress.namespace}/${w.ingress.name}`
  const diagnostics: Diagnostic[] = losers.map((l) => {
    return {
      rule: 'multiple-default-backends',
      severity: 'warning',
      message: `Ingress ${l.ingress.namespace}/${l.ingress.name}: defaultBackend is ignored; Ingress ${wName} (${formatLocation(w.location)}) also has one and wins as the older Ingress`,
      object: l.ingress,
      ...(l.location ? {location: l.location} : {}),
      hint: 'Declare spec.defaultBackend in one Ingress only.',
      related: [{message: `Ingress ${wName} declares the defaultBackend in use`, object: w.ingress, ...(w.location ? {location: w.location} : {})}],
    }
  })
  return {winner, losers, diagnostics}
}
